import { SessionError } from './session'

/** Who has access to a document (GET /api/documents/:id/access, owners only). */
export interface DocumentAccess {
  roles: { accountId: string; username: string; displayName: string; role: string }[]
  links: { id: string; role: string; createdAt: string; expiresAt: string | null; revokedAt: string | null }[]
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (response.ok) return response
  const error = (await response.json().catch(() => ({}))) as { error?: { id?: string; message?: string } }
  throw new SessionError(error.error?.message ?? `the server answered ${response.status}`, error.error?.id ?? 'internal')
}

const base = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`

export async function fetchAccess(documentId: string): Promise<DocumentAccess> {
  return (await (await call('GET', `${base(documentId)}/access`)).json()) as DocumentAccess
}

/** Gives `username` a role on the document, or removes it (null). */
export async function setAccountRole(documentId: string, username: string, role: string | null): Promise<void> {
  await call('PUT', `${base(documentId)}/access/${encodeURIComponent(username)}`, { role })
}

/** A new share link's address (its token is shown only now). */
export async function createShareLink(documentId: string, role: string, expiresInDays: number | undefined): Promise<string> {
  const { token } = (await (await call('POST', `${base(documentId)}/links`, { role, expiresInDays })).json()) as { token: string }
  return `${location.origin}/?token=${token}#/doc/${encodeURIComponent(documentId)}`
}

export async function revokeShareLink(documentId: string, linkId: string): Promise<void> {
  await call('DELETE', `${base(documentId)}/links/${encodeURIComponent(linkId)}`)
}
