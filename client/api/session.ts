/** What GET /api/session answers (server/http/sessionRoutes.ts). */
export interface SessionState {
  /** True while the workspace has no account: open to everyone, waiting for its administrator. */
  firstRun: boolean
  account: { id: string; username: string; displayName: string; isAdmin: boolean } | null
  /** Who this browser writes as: the account, or the share link it came with; its `id` goes into `authorId`. */
  principal?: { kind: 'account' | 'share'; id: string; name: string } | null
}

/** A refusal of the session API, with the server's error id and message. */
export class SessionError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  })
  if (response.ok) return response
  let error: { error?: { id?: string; message?: string } } = {}
  try {
    error = (await response.json()) as typeof error
  } catch {
    // Not our JSON error: the status below says what happened.
  }
  throw new SessionError(error.error?.message ?? `the server answered ${response.status}`, error.error?.id ?? 'internal')
}

/**
 * Who is signed in, and whether the workspace still waits for its first account.
 * `shareToken`: the share link this tab came with, so that a guest learns its principal.
 */
export async function fetchSession(shareToken: string | null = null): Promise<SessionState> {
  return (await (await send('GET', '/api/session', undefined, shareToken ? { authorization: `Bearer ${shareToken}` } : {})).json()) as SessionState
}

/** The session asked for as the page started (prefetchSession), until the session store takes it. */
let prefetched: Promise<SessionState> | null = null

/**
 * Asks for the session as the page starts (main.ts, before the app's code has loaded):
 * the router's guard waits for it before any screen shows, so its round trip then
 * overlaps the download of the app instead of following it.
 */
export function prefetchSession(shareToken: string | null): void {
  prefetched = fetchSession(shareToken)
  prefetched.catch(() => undefined) // handled where it is taken
}

/** The session asked for as the page started, once; null when it was not asked for or was taken. */
export function takePrefetchedSession(): Promise<SessionState> | null {
  const taken = prefetched
  prefetched = null
  return taken
}

/** Signs in (the server sets the HttpOnly session cookie); SessionError `invalid-credentials` or `rate-limited`. */
export async function signIn(username: string, password: string): Promise<SessionState> {
  return (await (await send('POST', '/api/session', { username, password })).json()) as SessionState
}

/** Creates the first account (the administrator) and signs it in; SessionError `already-set-up` once one exists. */
export async function setUp(username: string, password: string, displayName: string): Promise<SessionState> {
  return (await (await send('POST', '/api/setup', { username, password, displayName: displayName || undefined })).json()) as SessionState
}

export async function signOut(): Promise<void> {
  await send('DELETE', '/api/session')
}

/** Changes the signed-in account's password; every session ends, so the caller signs in again. */
export async function changePassword(current: string, password: string): Promise<void> {
  await send('POST', '/api/session/password', { current, password })
}

/** Whether single sign-on is configured (GET /api/oidc), and the provider's label for the button. */
export async function fetchSignOn(): Promise<{ label: string } | null> {
  const answer = (await (await send('GET', '/api/oidc')).json()) as { enabled: boolean; label?: string }
  return answer.enabled ? { label: answer.label ?? 'single sign-on' } : null
}

/** Where the sign-in button for single sign-on sends the browser (the server redirects on to the provider). */
export const SIGN_ON_START = '/api/oidc/start'

/**
 * The message for a failed single sign-on, from the `sign-on-error` parameter the
 * server sends the browser back with (server/http/oidcRoutes.ts), or null.
 */
export function signOnProblem(search: string): string | null {
  const id = new URLSearchParams(search).get('sign-on-error')
  if (id === null) return null
  if (id === 'disabled') return 'Single sign-on worked, but your account is disabled. Ask an administrator.'
  if (id === 'unavailable') return 'The sign-on provider could not be reached. Try again later.'
  return 'Single sign-on did not complete (it was refused, expired or opened in another browser). Try again.'
}
