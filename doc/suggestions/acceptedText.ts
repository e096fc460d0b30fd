import * as Y from 'yjs'
import { annotationsMap } from '../model'
import { openChanges, settleChanges } from './trackedChanges'

/**
 * The document as it reads with no open tracked change accepted (#18): a copy of
 * `ydoc` in which every open proposed insertion's text is removed and every open
 * proposed deletion's text kept, and those change annotations are gone, so an
 * export of it shows the accepted text and no trace of the proposals. Every other
 * annotation, decision and collation is in the copy and follows the edit through
 * its relative positions, as it would in a live editor. Returns `ydoc` itself when
 * it has no open change. The original is never changed.
 */
export function acceptedTextOf(ydoc: Y.Doc): Y.Doc {
  const open = openChanges(ydoc)
  if (open.length === 0) return ydoc
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
  copy.transact(() => {
    const insertions = open.filter((c) => c.change === 'insert').map((c) => c.id)
    settleChanges(copy, insertions, 'reject')
    for (const change of open) annotationsMap(copy).delete(change.id)
  })
  return copy
}
