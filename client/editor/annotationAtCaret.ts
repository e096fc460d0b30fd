import { Plugin } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { AnnotationStore, AnnotationView } from '../annotations/annotationStore'

/**
 * Comments reachable without hover (issue #18, point 8): the label's `title` shows
 * an annotation's first comment to a mouse only. With the caret in annotated text:
 * - a polite live region next to the editor says which annotation the caret entered
 *   ("Note by Ana: “check the date”. Alt+Enter opens its comments."), once per
 *   annotation entered, never on typing;
 * - Alt+Enter opens that annotation's card with the focus in its comment box (the
 *   side panel switches to Annotations), where Escape folds the box and the card's
 *   "Go to text" leads back.
 * "In" means the caret touches its text: start ≤ caret offset ≤ end (projection
 * offsets), so a caret just after the last annotated character is in it. Of
 * several, the selected one when it holds the caret, else the innermost (shortest).
 */

/** Keys of the command, as `aria-keyshortcuts` names them. */
export const OPEN_COMMENTS_KEY = 'Alt+Enter'

/** The annotation the caret at projection offset `caret` is in (see above), or null. */
export function annotationAtCaret(store: AnnotationStore, caret: number, selected: string | null): AnnotationView | null {
  let best: AnnotationView | null = null
  for (const a of store.list()) {
    if (a.resolution.status !== 'anchored' || a.resolution.start > caret || caret > a.resolution.end) continue
    if (a.id === selected) return a
    if (!best || a.resolution.end - a.resolution.start < (best.resolution as { end: number }).end - (best.resolution as { start: number }).start) best = a
  }
  return best
}

/** What the live region says about `a`: type, status, author, first comment and how to reach the rest. */
export function describeForReader(a: AnnotationView): string {
  const status = a.status === 'resolved' ? ', resolved' : ''
  const first = a.comments[0]
  const comment = first ? `: “${first.text.length > 200 ? `${first.text.slice(0, 200)}…` : first.text}”` : ', no comment yet'
  const more = a.comments.length > 1 ? ` and ${a.comments.length - 1} more comment${a.comments.length === 2 ? '' : 's'}` : ''
  return `${a.typeDef.label}${status} by ${a.author}${comment}${more}. ${OPEN_COMMENTS_KEY} opens its comments.`
}

export function annotationAtCaretPlugin(store: AnnotationStore, selected: () => string | null, open: (id: string) => void): Plugin {
  const caretOffset = (view: EditorView) => view.state.selection.head - 1
  return new Plugin({
    props: {
      attributes: { 'aria-keyshortcuts': `${OPEN_COMMENTS_KEY} Alt+ArrowDown Alt+ArrowUp` },
      handleKeyDown(view, event) {
        if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.key !== 'Enter' || event.isComposing) return false
        const target = annotationAtCaret(store, caretOffset(view), selected())
        if (!target) return false
        open(target.id)
        return true
      },
    },
    view(editorView) {
      const region = document.createElement('div')
      region.className = 'visually-hidden'
      region.setAttribute('role', 'status')
      region.setAttribute('aria-live', 'polite')
      region.dataset.testid = 'caret-annotation'
      editorView.dom.after(region)
      let current: string | null = null
      return {
        update(view, previous) {
          // Typing moves the caret too: only a caret moved without a text change (arrows, clicks) is announced.
          if (view.state.doc !== previous.doc || view.state.selection.eq(previous.selection)) return
          const found = annotationAtCaret(store, caretOffset(view), selected())
          if ((found?.id ?? null) === current) return
          current = found?.id ?? null
          region.textContent = found ? describeForReader(found) : ''
        },
        destroy() {
          region.remove()
        },
      }
    },
  })
}
