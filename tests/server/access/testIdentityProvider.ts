import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** A person the test provider knows: its subject and the claims it releases. */
export interface TestPerson {
  sub: string
  name?: string
  preferred_username?: string
  email?: string
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1, port 0, for sign-on
 * tests: its development login form accepts any login (the login becomes the
 * subject) and any password. Start it with `listen`, then `configure` it with the
 * relying party's redirect URI once that is known.
 */
export class TestIdentityProvider {
  readonly server: Server = createServer()
  issuer = ''
  /** The people it knows, by subject; an unknown login signs in with only its subject. */
  readonly people = new Map<string, TestPerson>()
  static readonly CLIENT_ID = 'variorum-test'
  static readonly CLIENT_SECRET = 'client secret of the sign-on test'

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.issuer
  }

  configure(redirectUri: string): void {
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: TestIdentityProvider.CLIENT_ID,
          client_secret: TestIdentityProvider.CLIENT_SECRET,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ ...(this.people.get(sub) ?? {}), sub }),
      }),
      cookies: { keys: ['cookie key of the sign-on test'] },
      features: { devInteractions: { enabled: true } },
    })
    provider.on('server_error', (_ctx: unknown, error: Error) => console.error('[oidc-provider]', error))
    this.server.on('request', provider.callback())
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

/**
 * What a browser does on "Sign in with …", without a browser: follows redirects
 * with a cookie jar per origin, fills the provider's login form with `login`, and
 * confirms its consent form. Returns where the relying party sent it in the end,
 * the cookie jar, and every URL requested on the way.
 */
export async function signOnAsBrowser(startUrl: string, login: string, jar = new CookieJar()): Promise<{ location: string; jar: CookieJar; visited: string[] }> {
  let url = startUrl
  const visited: string[] = []
  let init: RequestInit = {}
  for (let step = 0; step < 20; step++) {
    visited.push(url)
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header(url) } })
    jar.store(url, response.headers.getSetCookie())
    init = {}
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href
      // Back at the relying party's own page: the sign-on is over.
      if (!next.includes('/interaction/') && !next.includes('/auth') && !next.includes('/api/oidc/') && new URL(next).origin === new URL(startUrl).origin) return { location: next, jar, visited }
      url = next
      continue
    }
    const html = await response.text()
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html)
    if (!form) throw new Error(`no form at ${url} (${response.status}): ${html.slice(0, 300)}`)
    const fields = new URLSearchParams()
    for (const [input] of form[2].matchAll(/<input[^>]*>/gi)) {
      const name = /\bname="([^"]+)"/.exec(input)?.[1]
      if (name) fields.set(name, /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '')
    }
    if (fields.has('login')) {
      fields.set('login', login)
      fields.set('password', 'any password')
    }
    url = new URL(form[1].replaceAll('&amp;', '&'), url).href
    init = { method: 'POST', body: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
  }
  throw new Error('the sign-on did not end within 20 steps')
}

/** Cookies per origin (name → value); paths and expiry ignored, which is enough for these flows. */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>()

  store(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>()
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a))
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    this.byOrigin.set(origin, jar)
  }

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name)
  }
}
