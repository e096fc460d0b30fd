import { TextSelection } from 'prosemirror-state'
import { undo, yUndoPluginKey } from 'y-prosemirror'
import type { EditorView } from 'prosemirror-view'
import type { AnnotationStore } from '../annotations/annotationStore'

/**
 * Applies a suggestion's text in the editor as one ProseMirror transaction, so
 * y-prosemirror's undo manager records it as one undoable step, then marks the
 * suggestion accepted and the annotation resolved. Returns false (and changes
 * nothing) when the annotation is not anchored or has no open suggestion.
 */
export function acceptSuggestion(view: EditorView, store: AnnotationStore, id: string): boolean {
  const annotation = store.get(id)
  if (!annotation?.suggestion || annotation.resolution.status !== 'anchored') return false
  const from = annotation.resolution.start + 1
  const to = annotation.resolution.end + 1
  const text = annotation.suggestion.text
  const tr = text ? view.state.tr.insertText(text, from, to) : view.state.tr.delete(from, to)
  view.dispatch(tr.scrollIntoView())
  store.settleSuggestion(id, 'accepted')
  return true
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
