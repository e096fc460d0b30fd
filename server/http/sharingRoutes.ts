import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { AccessService } from '../access/AccessService'
import { DOCUMENT_ROLES, type DocumentRole } from '../../doc/access/roles'
import type { Account } from '../persistence/AccessStore'
import { ApiError } from '../errors'
import { checkDocumentAccess } from './documentGuard'
import { requestCredentials } from '../access/requestCredentials'
import { signedInAccount } from './sessionRoutes'

export interface SharingRoutesOptions {
  access: AccessService
  /** Whether a document exists (404 `document-not-found` before anything else). */
  documentExists: (documentId: string) => Promise<boolean>
}

/** Longest a share link lives, in days. */
const MAX_LINK_DAYS = 365

/**
 * Sharing, for a document's owners (signed in; 401 `not-signed-in`, 403 `forbidden`):
 * - `GET /api/documents/:id/access` → `{ roles: [{accountId, username, displayName, role}], links: ShareLinkRecord[] }`
 * - `PUT /api/documents/:id/access/:username` `{ role }` (a role, or null to remove) → 204;
 *   404 `document-not-found` for an unknown username too
 * - `POST /api/documents/:id/links` `{ role, expiresInDays? }` (role below owner) → 201
 *   `{ token, link }`: the token is shown once (`#/doc/<id>?token=…`)
 * - `DELETE /api/documents/:id/links/:linkId` → 204; sockets opened with it close at once
 * - `GET /api/documents/:id/audit` → the document's audit log, oldest first
 *
 * And for anyone who may read the document:
 * - `GET /api/documents/:id/role` → `{ role }`, the role the request's credentials hold on it
 *   (`owner` in open mode, where everyone may do everything), so the editor opens read-only
 *   for a viewer instead of sending updates the socket would refuse; 401 `not-signed-in`,
 *   404 `document-not-found` for a document the principal cannot see
 */
export const sharingRoutes: FastifyPluginAsync<SharingRoutesOptions> = async (app, { access, documentExists }) => {
  async function owner(request: FastifyRequest<{ Params: { id: string } }>): Promise<{ account: Account; documentId: string }> {
    const documentId = request.params.id
    const account = await signedInAccount(access, request)
    if (!account) throw new ApiError('not-signed-in', 'sign in first')
    if (!(await documentExists(documentId))) throw new ApiError('document-not-found', `no document '${documentId}'`)
    await checkDocumentAccess(access, request.raw, new URL(request.url, 'http://localhost'), { documentId, role: 'owner' })
    return { account, documentId }
  }

  app.get<{ Params: { id: string } }>('/api/documents/:id/role', async (request, reply) => {
    const documentId = request.params.id
    reply.header('cache-control', 'no-store')
    if (await access.isOpen()) return { role: 'owner' }
    if (!(await documentExists(documentId))) throw new ApiError('document-not-found', `no document '${documentId}'`)
    const credentials = requestCredentials(request.raw, new URL(request.url, 'http://localhost'))
    if (!credentials.sessionId && !credentials.token) throw new ApiError('not-signed-in', 'sign in first')
    const resolved = await access.resolve(credentials, documentId)
    if (!resolved) throw new ApiError('document-not-found', `no document '${documentId}'`)
    return { role: resolved.role }
  })

  app.get<{ Params: { id: string } }>('/api/documents/:id/access', async (request, reply) => {
    const { documentId } = await owner(request)
    const accounts = new Map((await access.store.listAccounts()).map((a) => [a.id, a]))
    const roles = (await access.store.listRoles(documentId)).map(({ accountId, role }) => ({
      accountId,
      username: accounts.get(accountId)?.username ?? '',
      displayName: accounts.get(accountId)?.displayName ?? '',
      role,
    }))
    reply.header('cache-control', 'no-store')
    return { roles, links: await access.store.listShareLinks(documentId) }
  })

  app.put<{ Params: { id: string; username: string }; Body: { role: DocumentRole | null } }>(
    '/api/documents/:id/access/:username',
    { schema: { body: { type: 'object', required: ['role'], properties: { role: { type: ['string', 'null'], enum: [...DOCUMENT_ROLES, null] } } } } },
    async (request, reply) => {
      const { account, documentId } = await owner(request)
      const invited = await access.store.findAccountByUsername(request.params.username)
      if (!invited) throw new ApiError('document-not-found', `no account '${request.params.username}'`)
      await access.setRole(documentId, invited.id, request.body.role, account.id)
      return reply.code(204).send()
    },
  )

  app.post<{ Params: { id: string }; Body: { role: DocumentRole; expiresInDays?: number } }>(
    '/api/documents/:id/links',
    {
      schema: {
        body: {
          type: 'object',
          required: ['role'],
          properties: { role: { type: 'string', enum: DOCUMENT_ROLES.filter((r) => r !== 'owner') }, expiresInDays: { type: 'number', minimum: 1, maximum: MAX_LINK_DAYS } },
        },
      },
    },
    async (request, reply) => {
      const { account, documentId } = await owner(request)
      const days = request.body.expiresInDays
      const expiresAt = days === undefined ? null : new Date(Date.now() + days * 86_400_000).toISOString()
      const created = await access.createShareLink({ documentId, role: request.body.role, expiresAt, createdBy: account.id })
      reply.header('cache-control', 'no-store')
      return reply.code(201).send(created)
    },
  )

  app.delete<{ Params: { id: string; linkId: string } }>('/api/documents/:id/links/:linkId', async (request, reply) => {
    const { account, documentId } = await owner(request)
    const links = await access.store.listShareLinks(documentId)
    if (!links.some((link) => link.id === request.params.linkId)) throw new ApiError('document-not-found', `no share link '${request.params.linkId}'`)
    await access.revokeShareLink(request.params.linkId, account.id)
    return reply.code(204).send()
  })

  app.get<{ Params: { id: string } }>('/api/documents/:id/audit', async (request, reply) => {
    const { documentId } = await owner(request)
    reply.header('cache-control', 'no-store')
    return access.store.listAudit(documentId)
  })
}
