import { randomBytes } from 'node:crypto'
import * as oidc from 'openid-client'
import type { ExternalIdentity } from './AccessService'

/** Single sign-on through one OpenID Connect provider (environment settings in README, "Settings"). */
export interface OidcSettings {
  /** The provider's issuer identifier, e.g. https://id.example.org (discovery reads its /.well-known/openid-configuration). */
  issuer: string
  clientId: string
  /** The client secret (client_secret_basic); omit for a public client (PKCE only). */
  clientSecret?: string
  /** Where the provider sends the browser back; default `<the request's own origin>/api/oidc/callback`. */
  redirectUri?: string
  /** What the sign-in button says after "Sign in with"; default "single sign-on". */
  label?: string
  /** Allow an http:// issuer (a provider on this machine in tests); never for a real deployment. */
  allowHttp?: boolean
}

/** A sign-on under way: what the callback must find again, kept server-side under the id in the browser's cookie. */
interface PendingSignOn {
  state: string
  nonce: string
  codeVerifier: string
  redirectUri: string
  expiresAt: number
}

/** How long a browser has to come back from the provider: 10 minutes. */
const PENDING_LIFETIME_MS = 10 * 60 * 1000
/** Sign-ons under way at most; the oldest are dropped beyond (each costs one request to start). */
const MAX_PENDING = 10_000

/** Why a callback is refused: no or an expired pending sign-on, or the provider's answer did not check out. */
export class SignOnError extends Error {}

/**
 * The relying party: authorization code flow with PKCE, state and nonce
 * (openid-client does the checks: issuer, audience, signature, nonce, state).
 * The provider's metadata is discovered on first use and kept, so a provider that
 * is down when the workspace starts does not stop it; a failed discovery is tried
 * again on the next sign-on.
 */
export class OidcSignOn {
  private configuration: Promise<oidc.Configuration> | null = null
  private readonly pending = new Map<string, PendingSignOn>()

  constructor(
    readonly settings: OidcSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get label(): string {
    return this.settings.label?.trim() || 'single sign-on'
  }

  /**
   * Starts a sign-on: the provider's authorization URL to send the browser to, and
   * the id of the pending sign-on, which the browser must bring back (an HttpOnly
   * cookie) so that nobody can finish a sign-on another browser started.
   */
  async start(ownOrigin: string): Promise<{ url: string; pendingId: string }> {
    const config = await this.config()
    const codeVerifier = oidc.randomPKCECodeVerifier()
    const entry: PendingSignOn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      redirectUri: this.settings.redirectUri ?? `${ownOrigin}/api/oidc/callback`,
      expiresAt: this.now() + PENDING_LIFETIME_MS,
    }
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: entry.redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: entry.state,
      nonce: entry.nonce,
    })
    const pendingId = randomBytes(24).toString('base64url')
    this.forgetExpired()
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
    this.pending.set(pendingId, entry)
    return { url: url.href, pendingId }
  }

  /**
   * Finishes a sign-on from the callback's full URL (its `code` and `state`) and the
   * pending id from the browser's cookie: the identity the provider vouches for.
   * Each pending sign-on finishes at most once. Throws SignOnError.
   */
  async finish(callbackUrl: URL, pendingId: string | undefined): Promise<ExternalIdentity> {
    const entry = pendingId ? this.pending.get(pendingId) : undefined
    if (pendingId) this.pending.delete(pendingId)
    if (!entry || entry.expiresAt < this.now()) throw new SignOnError('no sign-on under way in this browser (or it took over 10 minutes)')
    const config = await this.config()
    // The provider answered to the redirect URI it was given: check against that, whatever Host the callback came in on.
    const answered = new URL(entry.redirectUri)
    answered.search = callbackUrl.search
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
    try {
      tokens = await oidc.authorizationCodeGrant(config, answered, {
        pkceCodeVerifier: entry.codeVerifier,
        expectedState: entry.state,
        expectedNonce: entry.nonce,
        idTokenExpected: true,
      })
    } catch (error) {
      throw new SignOnError(`the provider's answer was refused: ${error instanceof Error ? error.message : String(error)}`)
    }
    const claims = tokens.claims()
    if (!claims) throw new SignOnError('the provider sent no ID token')
    // Many providers put profile claims only in the UserInfo answer (OIDC Core §5.4): ask when the ID token has none.
    let profile: Record<string, unknown> = claims
    if (claims.preferred_username === undefined && claims.name === undefined && claims.email === undefined) {
      try {
        profile = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) }
      } catch {
        // The identity (iss, sub) is proven by the ID token; the profile only names the new account.
      }
    }
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)
    return {
      issuer: claims.iss,
      subject: claims.sub,
      preferredUsername: text(profile.preferred_username),
      name: text(profile.name),
      email: text(profile.email),
    }
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        this.settings.clientSecret ? oidc.ClientSecretBasic(this.settings.clientSecret) : oidc.None(),
        this.settings.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = null
        throw error
      })
    return this.configuration
  }

  private forgetExpired(): void {
    const now = this.now()
    for (const [id, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(id)
  }
}

/**
 * The settings from the environment, or null when sign-on is not configured:
 * `VARIORUM_OIDC_ISSUER`, `VARIORUM_OIDC_CLIENT_ID` (both required),
 * `VARIORUM_OIDC_CLIENT_SECRET`, `VARIORUM_OIDC_REDIRECT_URI`, `VARIORUM_OIDC_LABEL`.
 * Throws RangeError when only one of issuer and client id is set, or the issuer is not https.
 */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env.VARIORUM_OIDC_ISSUER?.trim()
  const clientId = env.VARIORUM_OIDC_CLIENT_ID?.trim()
  if (!issuer && !clientId) return null
  if (!issuer || !clientId) throw new RangeError('single sign-on needs both VARIORUM_OIDC_ISSUER and VARIORUM_OIDC_CLIENT_ID')
  if (!issuer.startsWith('https://')) throw new RangeError(`VARIORUM_OIDC_ISSUER must be an https:// URL (got ${JSON.stringify(issuer)})`)
  return {
    issuer,
    clientId,
    ...(env.VARIORUM_OIDC_CLIENT_SECRET ? { clientSecret: env.VARIORUM_OIDC_CLIENT_SECRET } : {}),
    ...(env.VARIORUM_OIDC_REDIRECT_URI ? { redirectUri: env.VARIORUM_OIDC_REDIRECT_URI.trim() } : {}),
    ...(env.VARIORUM_OIDC_LABEL ? { label: env.VARIORUM_OIDC_LABEL } : {}),
  }
}
