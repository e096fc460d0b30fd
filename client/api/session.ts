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
