import type { EditorView } from 'prosemirror-view'

/** The paragraph at the top edge of a scrolling pane: its index in the document, its position and its element. */
export interface TopParagraph {
  index: number
  start: number
  element: HTMLElement
}

/**
 * The paragraph the reader sees first in `scroller` (the pane showing `view`),
 * found by the point just below the pane's top edge (no walk over a long
 * document's paragraphs); null when the editor is not laid out there.
 */
export function paragraphAtTop(view: EditorView, scroller: HTMLElement): TopParagraph | null {
  const box = scroller.getBoundingClientRect()
  const editorBox = view.dom.getBoundingClientRect()
  const hit = view.posAtCoords({ left: editorBox.left + editorBox.width / 2, top: Math.max(box.top, editorBox.top) + 1 })
  if (!hit) return null
  const doc = view.state.doc
  const $hit = doc.resolve(hit.pos)
  const index = $hit.index(0)
  if (index >= doc.childCount) return null
  const start = $hit.posAtIndex(index, 0)
  const element = view.nodeDOM(start)
  return element instanceof HTMLElement ? { index, start, element } : null
}
