import { randomUUID } from 'node:crypto'

/**
 * What a connection may do. Everyone is an `editor` until the access issue
 * fills this in; `viewer` exists so that refusing writes is already wired
 * (a viewer's non-empty update closes its connection with `forbidden`).
 */
export type Role = 'editor' | 'viewer'

/** Who is on the other end of a connection, fixed when it opens. */
export interface Principal {
  /** From the `user` query parameter, or `anonymous-<uuid>`. */
  id: string
  /** Display name shown in history and blame; the id when absent. */
  name?: string
  role: Role
}

/** Longest principal id kept from the query string. */
const MAX_PRINCIPAL = 64

/** The principal of an upgrade request: its `user` query parameter, else an anonymous id. */
export function principalFromUrl(url: URL): Principal {
  const user = (url.searchParams.get('user') ?? '').trim().slice(0, MAX_PRINCIPAL)
  return { id: user || `anonymous-${randomUUID()}`, role: 'editor' }
}

export function canWrite(role: Role): boolean {
  return role === 'editor'
}
