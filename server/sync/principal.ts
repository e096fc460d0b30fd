import { randomUUID } from 'node:crypto'
import type { DocumentRole } from '../../doc/access/roles'
import type { Principal, ResolvedAccess } from '../access/Principal'

export type { Principal }

/**
 * What one sync connection may do: who it is and its role on the document, fixed
 * when it opens. `recheck` asks again after a revocation or role change anywhere
 * (SyncServer.recheckAccess): null closes the socket with `unauthorized`, another
 * role replaces this one for the updates that follow.
 */
export interface ConnectionGrant {
  principal: Principal
  role: DocumentRole
  /** True in open mode (no account exists): authorship is not checked, there is nobody to check it against. */
  open: boolean
  recheck(): Promise<ResolvedAccess | null>
}

/** How an upgrade is answered: a grant, or an HTTP status that refuses it. */
export type UpgradeDecision = { grant: ConnectionGrant } | { refuse: 401 | 403 }

/** Longest principal id kept from the query string. */
const MAX_PRINCIPAL = 64

/**
 * The grant of a connection in open mode (no account yet, the first run that the
 * README's two commands start): everyone an editor, named by the `user` query
 * parameter or an anonymous id. `stillOpen` tells whether the workspace is still
 * in open mode; once the first account exists, these connections are closed.
 */
export function openModeGrant(url: URL, stillOpen: () => Promise<boolean>): ConnectionGrant {
  const user = (url.searchParams.get('user') ?? '').trim().slice(0, MAX_PRINCIPAL)
  const principal: Principal = { kind: 'anonymous', id: user || `anonymous-${randomUUID()}`, name: user || 'Anonymous' }
  return {
    principal,
    role: 'editor',
    open: true,
    recheck: async () => ((await stillOpen()) ? { principal, role: 'editor' } : null),
  }
}
