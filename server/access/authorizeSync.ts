import type { IncomingMessage } from 'node:http'
import { openModeGrant, type ConnectionGrant, type UpgradeDecision } from '../sync/principal'
import type { AccessService } from './AccessService'
import { requestCredentials } from './requestCredentials'

/**
 * How the sync endpoint decides who an upgrade is: in open mode (no account yet)
 * everyone is an editor, as on the first run the README describes; once any account
 * exists, the session cookie or a token (script token or share link) must give a
 * role on the document: none at all → 401, credentials without a role there → 403.
 * Each grant re-resolves the same credentials when access changes, so a revoked
 * share link, token, session or role closes its sockets.
 */
export function authorizeSync(access: AccessService): (request: IncomingMessage, url: URL, documentId: string) => Promise<UpgradeDecision> {
  return async (request, url, documentId) => {
    if (await access.isOpen()) return { grant: openModeGrant(url, () => access.isOpen()) }
    const credentials = requestCredentials(request, url)
    if (!credentials.sessionId && !credentials.token) return { refuse: 401 }
    const resolved = await access.resolve(credentials, documentId)
    if (!resolved) return { refuse: credentials.sessionId || credentials.token ? 403 : 401 }
    const grant: ConnectionGrant = {
      principal: resolved.principal,
      role: resolved.role,
      open: false,
      recheck: () => access.resolve(credentials, documentId),
    }
    await access.audit(documentId, resolved.principal.id, 'join', { role: resolved.role, via: resolved.principal.kind })
    return { grant }
  }
}
