import * as Y from 'yjs'

/**
 * A Y.Doc holding `state` (a version's encoded state, as the server's history
 * keeps it), for reading or as the source of a restore. The caller destroys it.
 * Throws whatever Yjs throws for bytes that are not an update.
 */
export function versionDoc(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}
