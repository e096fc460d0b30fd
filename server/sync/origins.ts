import type { SyncConnection } from './SyncConnection'

/**
 * Where a change to a room's Y.Doc came from (the Yjs transaction origin), as a
 * union so the update handler decides exhaustively what to store and whom to
 * tell: an update loaded from storage is neither stored again nor broadcast.
 */
export type UpdateOrigin =
  | { kind: 'connection'; connection: SyncConnection }
  | { kind: 'storage' }
  /** A change the server makes itself (none yet; e.g. a future import): stored and sent to everyone. */
  | { kind: 'server' }

export const STORAGE_ORIGIN: UpdateOrigin = { kind: 'storage' }
export const SERVER_ORIGIN: UpdateOrigin = { kind: 'server' }
