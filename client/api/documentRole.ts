import type { DocumentRole } from '../../doc/access/roles'
import { isDocumentRole } from '../../doc/access/roles'
import { shareToken } from '../sync/shareToken'

/**
 * The role this browser holds on a document (GET /api/documents/:id/role), sent with
 * the share link's token when the tab came with one. Null when the server answers
 * but grants nothing (401/404); throws when it cannot be asked (offline).
 */
export async function fetchDocumentRole(documentId: string): Promise<DocumentRole | null> {
  const token = shareToken()
  const response = await fetch(`/api/documents/${encodeURIComponent(documentId)}/role`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    credentials: 'same-origin',
  })
  if (!response.ok) {
    if (response.status === 401 || response.status === 403 || response.status === 404) return null
    throw new Error(`the server answered ${response.status}`)
  }
  const { role } = (await response.json()) as { role?: unknown }
  return isDocumentRole(role) ? role : null
}
