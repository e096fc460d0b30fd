import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { AccessService } from '../access/AccessService'
import { SESSION_COOKIE } from '../access/requestCredentials'
import type { Account } from '../persistence/AccessStore'
import { ApiError } from '../errors'

export interface SessionRoutesOptions {
  access: AccessService
  /** Sign-in (and first-run setup) attempts per client address per minute. */
  signInPerMinute: number
}

/** What `GET /api/session` answers: who is signed in, and whether the workspace still waits for its first account. */
export interface SessionState {
  /** True while no account exists: anyone may edit, and POST /api/setup creates the administrator. */
  firstRun: boolean
  account: { id: string; username: string; displayName: string; isAdmin: boolean } | null
  /**
   * Who the request's credentials stand for: the account, or a share link sent as
   * `Authorization: Bearer vs_…`; `id` is what the `authorId` of this principal's
   * annotations and comments must hold (docs/DATA-MODEL.md). Null when nobody.
   */
  principal: { kind: 'account' | 'share'; id: string; name: string } | null
}

const credentialsSchema = {
  body: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', maxLength: 200 },
      password: { type: 'string', maxLength: 2048 },
      displayName: { type: 'string', maxLength: 200 },
    },
  },
} as const

/**
 * The session API (JSON bodies of at most 16 KiB):
 * - `GET /api/session` → SessionState
 * - `POST /api/session` `{username, password}` → SessionState and the `variorum_session`
 *   cookie (HttpOnly, SameSite=Lax, Secure over https); 401 `invalid-credentials`;
 *   429 `rate-limited` beyond `signInPerMinute` attempts from one address
 * - `DELETE /api/session` → 204, the session ends (its sockets close) and the cookie is cleared
 * - `POST /api/session/password` `{current, password}` → 204; every session of the account
 *   ends, so the caller signs in again; 401 `not-signed-in` / `invalid-credentials`
 * - `POST /api/setup` `{username, password, displayName?}` while no account exists → 201 and
 *   the new administrator signed in (owner of every document so far); 409 `already-set-up` after
 */
export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (app, { access, signInPerMinute }) => {
  const signInLimit = { rateLimit: { max: signInPerMinute, timeWindow: 60_000 } }
  const bodyLimit = 16 * 1024

  app.get('/api/session', async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const account = await signedInAccount(access, request)
    const bearer = /^Bearer\s+(vs_\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const guest = !account && bearer ? await access.shareLinkPrincipal(bearer) : null
    return state(account, access, guest && { kind: 'share', id: guest.id, name: guest.name })
  })

  app.post<{ Body: { username: string; password: string } }>(
    '/api/session',
    { schema: credentialsSchema, config: signInLimit, bodyLimit },
    async (request, reply) => {
      const result = await access.signIn(request.body.username, request.body.password)
      if (!result.ok) throw new ApiError('invalid-credentials', 'unknown username or wrong password')
      setSessionCookie(request, reply, result.sessionId, result.expiresAt)
      return state(result.account, access)
    },
  )

  app.delete('/api/session', async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE]
    if (sessionId) await access.signOut(sessionId)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.code(204).send()
  })

  app.post<{ Body: { current: string; password: string } }>(
    '/api/session/password',
    {
      schema: { body: { type: 'object', required: ['current', 'password'], properties: { current: { type: 'string', maxLength: 2048 }, password: { type: 'string', maxLength: 2048 } } } },
      config: signInLimit,
      bodyLimit,
    },
    async (request, reply) => {
      const account = await signedInAccount(access, request)
      if (!account) throw new ApiError('not-signed-in', 'sign in first')
      const result = await access.changePassword(account.id, request.body.current, request.body.password)
      if (!result.ok) throw new ApiError(result.reason, problemMessage(result.reason))
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send()
    },
  )

  app.post<{ Body: { username: string; password: string; displayName?: string } }>(
    '/api/setup',
    { schema: credentialsSchema, config: signInLimit, bodyLimit },
    async (request, reply) => {
      const created = await access.createFirstAccount(request.body)
      if (!created.ok) {
        if (created.reason === 'not-first') throw new ApiError('already-set-up', 'the workspace already has accounts; sign in')
        throw new ApiError(created.reason, problemMessage(created.reason))
      }
      const signedIn = await access.signIn(request.body.username, request.body.password)
      if (!signedIn.ok) throw new ApiError('internal', 'the new account could not sign in')
      setSessionCookie(request, reply, signedIn.sessionId, signedIn.expiresAt)
      return reply.code(201).send(await state(signedIn.account, access))
    },
  )
}

/** The account of the request's session cookie, or null. */
export async function signedInAccount(access: AccessService, request: FastifyRequest): Promise<Account | null> {
  const sessionId = request.cookies[SESSION_COOKIE]
  return sessionId ? access.accountForSession(sessionId) : null
}

async function state(account: Account | null, access: AccessService, guest: SessionState['principal'] = null): Promise<SessionState> {
  return {
    firstRun: await access.isOpen(),
    account: account && { id: account.id, username: account.username, displayName: account.displayName, isAdmin: account.isAdmin },
    principal: account ? { kind: 'account', id: account.id, name: account.displayName } : guest,
  }
}

/** Sets the `variorum_session` cookie (HttpOnly, SameSite=Lax, Secure over https) for a new session. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Behind an https proxy (X-Forwarded-Proto with trustProxy) or served over TLS.
    secure: request.protocol === 'https',
    expires: new Date(expiresAt),
  })
}

function problemMessage(reason: 'invalid-credentials' | 'password-too-short' | 'password-too-long' | 'invalid-username' | 'username-taken'): string {
  switch (reason) {
    case 'invalid-credentials':
      return 'the current password is wrong'
    case 'password-too-short':
      return 'the password is too short'
    case 'password-too-long':
      return 'the password is too long'
    case 'invalid-username':
      return 'a username is 1–64 letters, digits, dots, hyphens or underscores'
    case 'username-taken':
      return 'that username is taken'
  }
}
