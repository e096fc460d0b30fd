import type { IncomingMessage } from 'node:http'
import type { Credentials } from './Principal'

/** Name of the session cookie (HttpOnly, SameSite=Lax; set by the HTTP layer at sign-in). */
export const SESSION_COOKIE = 'variorum_session'

/**
 * The credentials a request carries: the session cookie, and a token from
 * `Authorization: Bearer TOKEN` or else the `token` URL parameter (what a stock
 * WebsocketProvider's `params` option sends). Absent ones are null.
 */
export function requestCredentials(request: IncomingMessage, url: URL): Credentials {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null
  return { sessionId: cookieValue(request.headers.cookie, SESSION_COOKIE), token: bearer ?? url.searchParams.get('token') }
}

/**
 * One cookie's value from a Cookie header (RFC 6265 §5.4: `name=value` pairs joined by
 * `; `), or null. Our values are base64url, so no unquoting or decoding is needed;
 * a value that is not base64url is ignored.
 */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=')
    if (at < 0 || pair.slice(0, at).trim() !== name) continue
    const value = pair.slice(at + 1).trim()
    return /^[A-Za-z0-9_-]+$/.test(value) ? value : null
  }
  return null
}
