import type { DocumentSummary } from '../../core/api'

/** A document in the trash, as `GET /api/trash` lists it (server/http/documentManagementRoutes.ts). */
export interface TrashedDocument extends DocumentSummary {
  trashedAt: string
  trashedBy: string | null
  restorableUntil: string
}

/** A refusal of rename, trash or restore, with the server's message to show as is. */
export class ManageError extends Error {}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (response.status === 204) return undefined as T
  const payload = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
  if (!response.ok) throw new ManageError(payload?.error?.message ?? `the server answered ${response.status}`)
  return payload as T
}

const documentPath = (id: string) => `/api/documents/${encodeURIComponent(id)}`

/** Renames a document (needs the editor role); resolves to its new summary. */
export function renameDocument(id: string, title: string): Promise<DocumentSummary> {
  return call('PATCH', documentPath(id), { title })
}

/** Moves a document to the trash (needs the owner role); restorable for 30 days. */
export function trashDocument(id: string): Promise<void> {
  return call('DELETE', documentPath(id))
}

/** The documents in the trash this account may restore. */
export function listTrash(): Promise<TrashedDocument[]> {
  return call('GET', '/api/trash')
}

/** Takes a document out of the trash (needs the owner role, within 30 days). */
export function restoreDocument(id: string): Promise<DocumentSummary> {
  return call('POST', `/api/trash/${encodeURIComponent(id)}/restore`)
}
