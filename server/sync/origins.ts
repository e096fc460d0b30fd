import type { UpdateAuthor } from '../persistence/DocumentPersistence'
import type { SyncConnection } from './SyncConnection'

/**
 * Where a change to a room's Y.Doc came from (the Yjs transaction origin), as a
 * union so the update handler decides exhaustively what to store and whom to
 * tell: an update loaded from storage is neither stored again nor broadcast.
 */
export type UpdateOrigin =
  | { kind: 'connection'; connection: SyncConnection }
  | { kind: 'storage' }
  /**
   * A change the server makes (an import, a restore): stored and sent to everyone;
   * `author` is who asked for it, kept in history and blame.
   */
  | { kind: 'server'; author?: UpdateAuthor }
  /**
   * An update another instance committed to the shared database and published
   * (RedisFanout): already durable, so sent to this instance's clients and not stored again.
   */
  | { kind: 'remote' }

export const STORAGE_ORIGIN: UpdateOrigin = { kind: 'storage' }
export const SERVER_ORIGIN: UpdateOrigin = { kind: 'server' }
export const REMOTE_ORIGIN: UpdateOrigin = { kind: 'remote' }
/** The origin of awareness changes another instance published. */
export const REMOTE_AWARENESS = Symbol('remote awareness')

/** Who an update from `origin` is stored as (history, blame): the connection's principal, or whom the server acted for. */
export function authorOf(origin: UpdateOrigin): UpdateAuthor | undefined {
  if (origin.kind === 'connection') {
    const { id, name } = origin.connection.principal
    return { id, name: name ?? id }
  }
  return origin.kind === 'server' ? origin.author : undefined
}
