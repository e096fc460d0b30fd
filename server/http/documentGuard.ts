import type { IncomingMessage } from 'node:http'
import type { AccessService } from '../access/AccessService'
import { requestCredentials } from '../access/requestCredentials'
import { roleAtLeast, type DocumentRole } from '../../doc/access/roles'
import { ApiError } from '../errors'

/**
 * The role a request needs on one document: export, text, summary, versions and
 * blame need `viewer` (read), an annotation import `annotator`, naming or restoring
 * a version `editor` (a restore rewrites the text, issue #15). Null for paths about
 * no one document.
 */
export function requiredRole(method: string, pathname: string): { documentId: string; role: DocumentRole } | null {
  const match = /^\/api\/documents\/([^/]+)(\/.*)?$/.exec(pathname)
  if (!match || match[1] === 'preview') return null
  let documentId: string
  try {
    documentId = decodeURIComponent(match[1])
  } catch {
    return null
  }
  const rest = (match[2] ?? '').replace(/\/$/, '')
  if (method === 'POST' && rest === '/annotations/import') return { documentId, role: 'annotator' }
  if (method === 'POST' && /^\/versions(\/|$)/.test(rest)) return { documentId, role: 'editor' }
  return { documentId, role: 'viewer' }
}

/**
 * Checks the role of the request's credentials (session cookie, bearer or `token`
 * parameter) on a document before its route runs. In open mode (no account yet)
 * everyone is an editor. Without credentials: 401 `not-signed-in`; without a role on
 * the document: 404 `document-not-found`, so its existence is not told; with too weak
 * a role: 403 `forbidden`.
 */
export async function checkDocumentAccess(access: AccessService, request: IncomingMessage, url: URL, needed: { documentId: string; role: DocumentRole }): Promise<void> {
  if (await access.isOpen()) return
  const credentials = requestCredentials(request, url)
  if (!credentials.sessionId && !credentials.token) throw new ApiError('not-signed-in', 'sign in first')
  const resolved = await access.resolve(credentials, needed.documentId)
  if (!resolved) throw new ApiError('document-not-found', `no document '${needed.documentId}'`)
  if (!roleAtLeast(resolved.role, needed.role)) {
    throw new ApiError('forbidden', `this needs the ${needed.role} role; you are ${resolved.role}`)
  }
}

/**
 * The ids among `documentIds` the request may read, or 'all' in open mode. Nothing
 * (an empty set) without credentials.
 */
export async function readableDocuments(access: AccessService, request: IncomingMessage, url: URL, documentIds: readonly string[]): Promise<Set<string> | 'all'> {
  if (await access.isOpen()) return 'all'
  const credentials = requestCredentials(request, url)
  const readable = new Set<string>()
  if (!credentials.sessionId && !credentials.token) return readable
  for (const id of documentIds) {
    if (await access.resolve(credentials, id)) readable.add(id)
  }
  return readable
}

const READABLE = new WeakMap<IncomingMessage, Set<string> | 'all'>()

/** Keeps what `readableDocuments` found for a request, for a synchronous route (search) to read. */
export function rememberReadable(request: IncomingMessage, readable: Set<string> | 'all'): void {
  READABLE.set(request, readable)
}

/** What `rememberReadable` kept for the request; nothing (an empty set) when nothing was kept. */
export function rememberedReadable(request: IncomingMessage): Set<string> | 'all' {
  return READABLE.get(request) ?? new Set()
}
