import { TextSelection } from 'prosemirror-state'
import { undo, yUndoPluginKey, ySyncPluginKey } from 'y-prosemirror'
import type { EditorView } from 'prosemirror-view'
import { acceptSuggestion as acceptInDocument, annotationsMap } from '../../doc'
import type { AnnotationStore } from '../annotations/annotationStore'
import { settleTrackedChange } from './trackedChangeCommands'

/**
 * Accepts a suggestion through the shared document (doc/ acceptSuggestion, #18): a
 * minimal replacement of the differing middle, the suggestion and every overlapping
 * annotation re-anchored on the new words, the outcome recorded, all in one Yjs
 * transaction. Its origin is y-prosemirror's, so the binding renders it into the
 * editor and the editor's undo manager records it; the annotations map joins that
 * manager's scope so Ctrl+Z reverts the acceptance whole (text, anchors and state) as
 * one step. Returns false (and changes nothing) when the annotation is not anchored,
 * has no open suggestion, or the replacement would split a paragraph.
 */
export function acceptSuggestion(view: EditorView, store: AnnotationStore, id: string): boolean {
  const annotation = store.get(id)
  // A tracked change of suggesting mode is settled by its own rules (doc/suggestions).
  if (annotation?.change) return settleTrackedChange(view, store.ydoc, id, 'accept')
  if (!annotation?.suggestion || annotation.resolution.status !== 'anchored') return false
  if ((annotation.suggestion.state ?? 'open') !== 'open') return false
  const undoManager = yUndoPluginKey.getState(view.state)?.undoManager
  undoManager?.addToScope(annotationsMap(store.ydoc))
  undoManager?.stopCapturing()
  const outcome = acceptInDocument(store.ydoc, id, ySyncPluginKey)
  undoManager?.stopCapturing()
  return outcome.status === 'accepted'
}

/** Selects an annotation's text in the editor and scrolls it into view. False when it is orphaned. */
export function jumpToAnnotation(view: EditorView, store: AnnotationStore, id: string): boolean {
  const annotation = store.get(id)
  if (!annotation || annotation.resolution.status !== 'anchored') return false
  const max = view.state.doc.content.size - 1
  const from = Math.min(annotation.resolution.start + 1, max)
  const to = Math.min(annotation.resolution.end + 1, max)
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)).scrollIntoView())
  view.focus()
  return true
}

/** The editor's selection as projection offsets [start, end), or null when it is empty. */
export function selectionOffsets(view: EditorView): { start: number; end: number } | null {
  const { from, to } = view.state.selection
  return from === to ? null : { start: from - 1, end: to - 1 }
}

/**
 * Runs `change` (a deletion of annotations, comments or decisions) as its own
 * step in the editor's undo history, then gives the keyboard back to the text,
 * so the next Ctrl+Z undoes exactly that deletion (issue #18: nothing deleted for
 * good by one click). Without a view the change still runs; there is just no
 * history to record it in.
 */
export function runAsUndoableStep(view: EditorView | null, change: () => void): void {
  const undoManager = view && !view.isDestroyed ? yUndoPluginKey.getState(view.state)?.undoManager : undefined
  undoManager?.stopCapturing()
  change()
  undoManager?.stopCapturing()
  if (view && !view.isDestroyed) view.focus()
}

/** Undoes the editor's last step (what Ctrl+Z in the text does); false when there was nothing to undo. */
export function undoLastStep(view: EditorView | null): boolean {
  if (!view || view.isDestroyed) return false
  const undone = undo(view.state)
  view.focus()
  return undone
}
