import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { AccessService } from '../access/AccessService'
import { requestCredentials } from '../access/requestCredentials'
import type { DocumentRole } from '../../doc/access/roles'
import type { TrashedDocument } from '../documents/DocumentCatalog'
import type { DocumentStore } from '../persistence/DocumentStore'
import { ApiError } from '../errors'
import { checkDocumentAccess } from './documentGuard'

export interface DocumentManagementRoutesOptions {
  access: AccessService
  store: DocumentStore
  /** Closes the sockets of a document moved to the trash (SyncServer.closeDocument). */
  closeDocument: (documentId: string) => void
  /** Told of a document renamed, trashed or restored (the search index follows). */
  onChanged?: (documentId: string) => void
  now?: () => Date
}

/** Longest title kept, in UTF-16 code units. */
const MAX_TITLE = 200

/**
 * Renaming and the trash (issue 14), each checked by role and written to the document's audit log:
 * - `PATCH /api/documents/:id` `{ title }` → the renamed DocumentSummary; needs `editor`
 * - `DELETE /api/documents/:id` → 204: into the trash (hidden from every route, its sockets
 *   closed with 4404), restorable for 30 days; needs `owner`
 * - `GET /api/trash` → TrashedDocument[]: what the principal may restore (owner of it; everything for an administrator)
 * - `POST /api/trash/:id/restore` → the restored DocumentSummary; needs `owner`;
 *   410 `restore-expired` after 30 days, 404 `document-not-found` when it is not in the trash
 * In open mode (no account yet) everyone may do all of it.
 */
export const documentManagementRoutes: FastifyPluginAsync<DocumentManagementRoutesOptions> = async (app, options) => {
  const { access, store } = options
  const now = options.now ?? (() => new Date())

  /** Checks the role (404 for a document the principal cannot see) and returns who acts, for the audit log. */
  async function actor(request: FastifyRequest, documentId: string, role: DocumentRole): Promise<string> {
    const url = new URL(request.url, 'http://localhost')
    await checkDocumentAccess(access, request.raw, url, { documentId, role })
    const resolved = await access.resolve(requestCredentials(request.raw, url), documentId)
    return resolved?.principal.id ?? 'anonymous'
  }

  app.patch<{ Params: { id: string }; Body: { title: string } }>(
    '/api/documents/:id',
    { schema: { body: { type: 'object', required: ['title'], properties: { title: { type: 'string', maxLength: 1000 } } } }, bodyLimit: 16 * 1024 },
    async (request) => {
      const documentId = request.params.id
      const before = await store.getDocument(documentId)
      if (!before) throw new ApiError('document-not-found', `no document '${documentId}'`)
      const by = await actor(request, documentId, 'editor')
      const title = request.body.title.trim().slice(0, MAX_TITLE)
      if (!title) throw new ApiError('invalid-request', 'a title must not be empty')
      await store.renameDocument(documentId, title)
      await access.audit(documentId, by, 'rename', { from: before.title, to: title })
      options.onChanged?.(documentId)
      return store.getDocument(documentId)
    },
  )

  app.delete<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    const documentId = request.params.id
    if (!(await store.getDocument(documentId))) throw new ApiError('document-not-found', `no document '${documentId}'`)
    const by = await actor(request, documentId, 'owner')
    await store.trashDocument(documentId, by, now())
    options.closeDocument(documentId)
    await access.audit(documentId, by, 'trash', {})
    options.onChanged?.(documentId)
    return reply.code(204).send()
  })

  app.get('/api/trash', async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const restorable: TrashedDocument[] = []
    for (const document of await store.listTrashed()) {
      try {
        await actor(request, document.id, 'owner')
        restorable.push(document)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
      }
    }
    return restorable
  })

  app.post<{ Params: { id: string } }>('/api/trash/:id/restore', async (request) => {
    const documentId = request.params.id
    if (!(await store.trashedDocument(documentId))) throw new ApiError('document-not-found', `no document '${documentId}' in the trash`)
    const by = await actor(request, documentId, 'owner')
    const outcome = await store.restoreDocument(documentId, now())
    if (outcome === 'expired') throw new ApiError('restore-expired', 'the document was in the trash for more than 30 days')
    if (outcome === 'not-trashed') throw new ApiError('document-not-found', `no document '${documentId}' in the trash`)
    await access.audit(documentId, by, 'restore', {})
    options.onChanged?.(documentId)
    return store.getDocument(documentId)
  })
}
