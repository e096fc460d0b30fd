import { onScopeDispose, ref, watch, type Ref } from 'vue'
import * as Y from 'yjs'
import type { DocumentSession } from '../sync/documentSession'
import { APPLY_READING_ORIGIN, REMOVAL_ORIGIN, collationsMap } from '../../doc'
import type { WitnessDocument } from './useWitnessDocuments'

/**
 * Undo for what a compare or collation view changes: a Yjs UndoManager over the
 * text and the collations (or `scope`) that tracks only APPLY_READING_ORIGIN and
 * REMOVAL_ORIGIN, so one undo reverts one application (the text change and the
 * decision it recorded) or one removal (a decision cleared, a collation deleted;
 * issue #18, point 4), in the order they were made, and never another editor's
 * edit or this user's typing elsewhere. The editor's own undo (y-prosemirror)
 * keeps tracking typing; this one lives with the view.
 *
 * A reading applied to a witness in another document changes two Y.Docs (the
 * text there, the decision here), each with its own UndoManager: the items they
 * add in one task are one step, and undo reverts them together.
 */
export function useReadingUndo(
  session: Readonly<Ref<DocumentSession | null>>,
  others: Readonly<Ref<ReadonlyMap<string, WitnessDocument>>> = ref(new Map()),
  /** What this document's manager tracks; default its text and collations. */
  scope: (session: DocumentSession) => ConstructorParameters<typeof Y.UndoManager>[0] = (s) => [s.fragment, collationsMap(s.ydoc)],
): { canUndo: Ref<boolean>; undo: () => void } {
  const canUndo = ref(false)
  const managers = new Map<Y.Doc, Y.UndoManager>()
  let steps: Y.UndoManager[][] = []
  let pending: Y.UndoManager[] | null = null
  const update = () => (canUndo.value = steps.length > 0)

  function track(doc: Y.Doc, types: ConstructorParameters<typeof Y.UndoManager>[0]): void {
    // captureTimeout 0: two applications in a row are two steps, never merged into one.
    const manager = new Y.UndoManager(types, { trackedOrigins: new Set([APPLY_READING_ORIGIN, REMOVAL_ORIGIN]), captureTimeout: 0 })
    manager.on('stack-item-added', (event: { type: 'undo' | 'redo' }) => {
      if (event.type !== 'undo') return
      if (!pending) {
        pending = []
        // Both transactions of one application run in one task: gather them into one step.
        queueMicrotask(() => {
          if (pending?.length) steps.push(pending)
          pending = null
          update()
        })
      }
      pending.push(manager)
    })
    managers.set(doc, manager)
  }

  function untrack(doc: Y.Doc): void {
    managers.get(doc)?.destroy()
    managers.delete(doc)
    const live = new Set(managers.values())
    steps = steps.map((step) => step.filter((m) => live.has(m))).filter((step) => step.length > 0)
    update()
  }

  watch(session, (current, previous) => {
    if (previous) untrack(previous.ydoc)
    if (current) track(current.ydoc, scope(current))
    update()
  }, { immediate: true })
  watch(others, (documents) => {
    const docs = new Set([...documents.values()].map((d) => d.session.ydoc))
    for (const doc of [...managers.keys()]) if (doc !== session.value?.ydoc && !docs.has(doc)) untrack(doc)
    for (const d of documents.values()) if (!managers.has(d.session.ydoc)) track(d.session.ydoc, [d.session.fragment])
  }, { immediate: true })
  onScopeDispose(() => {
    for (const manager of managers.values()) manager.destroy()
    managers.clear()
  })
  return {
    canUndo,
    undo: () => {
      const step = steps.pop()
      for (const manager of step ?? []) manager.undo()
      update()
    },
  }
}
