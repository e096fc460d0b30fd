import type { DocumentRole } from '../../doc/access/roles'

/**
 * Who is on the other end of a request or a socket, as resolved from its
 * credentials (AccessService.resolve):
 * - `account`: a signed-in account (session cookie); `id` is the account id
 * - `token`: a script token (`variorum token create`); `id` is `token:<token id>`
 * - `share`: a share link; `id` is `share:<link id>`
 * - `anonymous`: open mode (no account exists yet), nobody signed in
 * `id` is what `authorId` fields hold for this principal (docs/DATA-MODEL.md).
 */
export interface Principal {
  kind: 'account' | 'token' | 'share' | 'anonymous'
  id: string
  /** Display name: the account's, the token's name, or "Guest" for a share link. */
  name: string
}

/** A principal and the role it holds on one document. */
export interface ResolvedAccess {
  principal: Principal
  role: DocumentRole
}

/** What a request or upgrade may carry to say who it is; every field optional. */
export interface Credentials {
  /** The `variorum_session` cookie. */
  sessionId?: string | null
  /** A script token (`vt_…`) or a share-link token (`vs_…`): `Authorization: Bearer`, or the `token` URL parameter. */
  token?: string | null
}
