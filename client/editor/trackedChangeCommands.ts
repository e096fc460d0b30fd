import type * as Y from 'yjs'
import type { EditorView } from 'prosemirror-view'
import { yUndoPluginKey, ySyncPluginKey } from 'y-prosemirror'
import type { Annotation } from '../../core/annotations/annotation'
import { annotationsMap, settleChanges, settleChangesInRange, suggestDeletion, suggestInsertion, writeAnnotations, type ChangeAuthor, type ChangeDecision } from '../../doc'

/**
 * Runs `edit` on the shared document as the editor's own change: with
 * y-prosemirror's origin, so the binding renders it into the view and the editor's
 * undo manager records it, with the annotations map in that manager's scope, so
 * Ctrl+Z reverts text, marks and states together. Captured alone (stopCapturing on
 * both sides): one edit, one undo step.
 */
export function asEditorChange<T>(view: EditorView, ydoc: Y.Doc, edit: (origin: unknown) => T): T {
  const undoManager = yUndoPluginKey.getState(view.state)?.undoManager
  undoManager?.addToScope(annotationsMap(ydoc))
  undoManager?.stopCapturing()
  const result = edit(ySyncPluginKey)
  undoManager?.stopCapturing()
  return result
}

/** Accepts or rejects one tracked change (doc/suggestions settleChanges) as one undoable step; true when it was open. */
export function settleTrackedChange(view: EditorView, ydoc: Y.Doc, id: string, decision: ChangeDecision): boolean {
  return asEditorChange(view, ydoc, (origin) => settleChanges(ydoc, [id], decision, origin).length === 1)
}

/**
 * Accepts or rejects every open tracked change in the editor's selection (the
 * whole document when the selection is empty) as one undoable step. Returns the
 * ids settled.
 */
export function settleTrackedChangesInSelection(view: EditorView, ydoc: Y.Doc, decision: ChangeDecision): string[] {
  const { from, to } = view.state.selection
  const whole = from === to
  const start = whole ? 0 : from - 1
  const end = whole ? view.state.doc.content.size - 2 : to - 1
  return asEditorChange(view, ydoc, (origin) => settleChangesInRange(ydoc, start, end, decision, origin))
}

/**
 * Proposes `edits` (projection offsets, as find-and-replace makes them) as tracked
 * changes in ONE undoable step: each replaced text marked as a suggested deletion and
 * the new text suggested after it, as typing over a selection does in suggesting
 * mode. Applied from the last edit to the first, so earlier offsets stay valid.
 */
export function proposeEdits(view: EditorView, ydoc: Y.Doc, edits: readonly { start: number; end: number; text: string }[], by: ChangeAuthor): void {
  const ordered = [...edits].sort((a, b) => b.start - a.start)
  asEditorChange(view, ydoc, (origin) => ydoc.transact(() => {
    for (const edit of ordered) {
      let caret = edit.start
      if (edit.start < edit.end) caret = suggestDeletion(ydoc, edit.start, edit.end, by, origin).status === 'removed' ? edit.start : edit.end
      if (edit.text) suggestInsertion(ydoc, caret, edit.text, by, origin)
    }
  }, origin))
}

/**
 * "Keep this copy, remove the others" for a duplicated passage, as ONE undoable step:
 * writes the cluster's flags (`flags`, from core duplicateClusterAnnotations; ids
 * the document has are skipped) and proposes deleting each of `removals` (the copies
 * not kept, projection offsets) as tracked deletions by `by`. Nothing leaves the text
 * until someone accepts them (accepting a copy of whole paragraphs removes the
 * paragraphs, doc/suggestions settleChanges). Returns the ids of the deletions that
 * mark the copies (an id once when neighbouring copies make one deletion).
 */
export function proposeKeepingCopy(view: EditorView, ydoc: Y.Doc, flags: readonly Annotation[], removals: readonly { start: number; end: number }[], by: ChangeAuthor): string[] {
  const ids = new Set<string>()
  asEditorChange(view, ydoc, (origin) => ydoc.transact(() => {
    writeAnnotations(ydoc, flags)
    for (const removal of [...removals].sort((a, b) => b.start - a.start)) {
      const outcome = suggestDeletion(ydoc, removal.start, removal.end, by, origin)
      if (outcome.status === 'marked') ids.add(outcome.id)
    }
  }, origin))
  return [...ids]
}
