import type { EditorView } from 'prosemirror-view'
import { revealPosition } from './boundedSurface'

/**
 * Scrolls the first element of the editor matching `selector` (a decoration
 * such as the current highlight or find match) to the middle of the pane, or,
 * when none is drawn, the text at position `pos`.
 *
 * Used instead of Transaction.scrollIntoView, because ProseMirror scrolls to the
 * selection only while the DOM selection is inside the editor: not while the
 * focus is in a side panel or the find bar, which is when these are called.
 */
export function scrollMarkIntoView(view: EditorView, selector: string, pos: number): void {
  // On the bounded surface the text at `pos` may be a placeholder: bring it in first.
  revealPosition(view, pos)
  const marked = view.dom.querySelector(selector)
  const target = marked ?? (() => {
    const { node } = view.domAtPos(pos)
    return node instanceof Element ? node : node.parentElement
  })()
  target?.scrollIntoView({ block: 'center', inline: 'nearest' })
}
