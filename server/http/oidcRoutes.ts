import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { AccessService } from '../access/AccessService'
import { SignOnError, type OidcSignOn } from '../access/OidcSignOn'
import { setSessionCookie, signedInAccount } from './sessionRoutes'

export interface OidcRoutesOptions {
  access: AccessService
  /** Null when single sign-on is not configured: `GET /api/oidc` then answers `{ enabled: false }`. */
  signOn: OidcSignOn | null
  /** Sign-on starts per client address per minute (each keeps a pending entry for 10 minutes). */
  startsPerMinute: number
  log: (record: Record<string, unknown>, message: string) => void
}

/** The cookie that ties a provider's answer to the browser that started the sign-on. */
const PENDING_COOKIE = 'variorum_oidc'
const PENDING_PATH = '/api/oidc'

/**
 * Why a sign-on failed, as the `sign-on-error` parameter of the address the browser is sent back to:
 * `refused` (no sign-on under way in this browser, or the provider's answer did not check out),
 * `disabled` (the account is disabled), `unavailable` (the provider could not be reached).
 */
export type SignOnErrorId = 'refused' | 'disabled' | 'unavailable'

/**
 * Single sign-on through OpenID Connect (issue 14):
 * - `GET /api/oidc` → `{ enabled, label? }`: whether to show "Sign in with <label>"
 * - `GET /api/oidc/start` → 302 to the provider, with a pending-sign-on cookie (HttpOnly, 10 minutes)
 * - `GET /api/oidc/callback?code&state` → the session cookie and 302 to `/`; a first sign-on
 *   makes an account (or links the identity to the account signed in in this browser);
 *   on failure 302 to `/?sign-on-error=<SignOnErrorId>`
 */
export const oidcRoutes: FastifyPluginAsync<OidcRoutesOptions> = async (app, { access, signOn, startsPerMinute, log }) => {
  app.get('/api/oidc', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    return signOn ? { enabled: true, label: signOn.label } : { enabled: false }
  })
  if (!signOn) return

  app.get('/api/oidc/start', { config: { rateLimit: { max: startsPerMinute, timeWindow: 60_000 } } }, async (request, reply) => {
    let started: { url: string; pendingId: string }
    try {
      started = await signOn.start(ownOrigin(request))
    } catch (error) {
      log({ err: describe(error) }, 'single sign-on: the provider could not be reached')
      return reply.redirect('/?sign-on-error=unavailable')
    }
    reply.setCookie(PENDING_COOKIE, started.pendingId, {
      path: PENDING_PATH,
      httpOnly: true,
      // Lax: the cookie comes back on the provider's top-level redirect to the callback.
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: 600,
    })
    reply.header('cache-control', 'no-store')
    return reply.redirect(started.url)
  })

  app.get('/api/oidc/callback', async (request, reply) => {
    reply.header('cache-control', 'no-store')
    reply.clearCookie(PENDING_COOKIE, { path: PENDING_PATH })
    const fail = (id: SignOnErrorId) => reply.redirect(`/?sign-on-error=${id}`)
    let identity
    try {
      identity = await signOn.finish(new URL(request.url, ownOrigin(request)), request.cookies[PENDING_COOKIE])
    } catch (error) {
      log({ err: describe(error) }, 'single sign-on refused')
      return fail(error instanceof SignOnError ? 'refused' : 'unavailable')
    }
    const result = await access.signInExternal(identity, await signedInAccount(access, request))
    if (!result.ok) return fail('disabled')
    setSessionCookie(request, reply, result.sessionId, result.expiresAt)
    return reply.redirect('/')
  })
}

/** The workspace's origin as this request reached it (its Host was checked against the configured names). */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
