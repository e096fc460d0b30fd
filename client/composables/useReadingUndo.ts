import { onScopeDispose, ref, watch, type Ref } from 'vue'
import * as Y from 'yjs'
import type { DocumentSession } from '../sync/documentSession'
import { APPLY_READING_ORIGIN, collationsMap } from '../../doc'

/**
 * Undo for readings applied from a collation view: a Yjs UndoManager over the
 * text and the collations that tracks only APPLY_READING_ORIGIN, so one undo
 * reverts one application (the text change and the decision it recorded) and
 * never another editor's edit or this user's typing elsewhere. The editor's own
 * undo (y-prosemirror) keeps tracking typing; this one lives with the view.
 */
export function useReadingUndo(session: Readonly<Ref<DocumentSession | null>>): { canUndo: Ref<boolean>; undo: () => void } {
  const canUndo = ref(false)
  let manager: Y.UndoManager | null = null
  const update = () => (canUndo.value = (manager?.undoStack.length ?? 0) > 0)
  watch(session, (current) => {
    manager?.destroy()
    manager = null
    if (current) {
      // captureTimeout 0: two applications in a row are two steps, never merged into one.
      manager = new Y.UndoManager([current.fragment, collationsMap(current.ydoc)], { trackedOrigins: new Set([APPLY_READING_ORIGIN]), captureTimeout: 0 })
      manager.on('stack-item-added', update)
      manager.on('stack-item-popped', update)
    }
    update()
  }, { immediate: true })
  onScopeDispose(() => manager?.destroy())
  return { canUndo, undo: () => manager?.undo() }
}
