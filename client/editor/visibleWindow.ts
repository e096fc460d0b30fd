import type { EditorView } from 'prosemirror-view'

/**
 * ProseMirror positions [from, to) whose decorations are drawn; null = the whole
 * document. Plugins that decorate many ranges of a large document (annotations,
 * find matches) draw only those near the visible text.
 */
export type DecorationWindow = { from: number; to: number } | null

/**
 * The positions of the paragraphs from a quarter screen above the visible part of
 * the editor to a quarter screen below it (a binary search over the paragraphs' boxes).
 */
export function visibleWindow(view: EditorView): DecorationWindow {
  const paragraphs = view.dom.children
  const count = paragraphs.length
  if (count === 0) return null
  const screen = window.innerHeight
  const firstBelow = (y: number): number => {
    let lo = 0
    let hi = count
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((paragraphs[mid] as HTMLElement).getBoundingClientRect().bottom < y) lo = mid + 1
      else hi = mid
    }
    return Math.min(lo, count - 1)
  }
  // A quarter screen above and below: every decorated span drawn is paint and
  // compositing work on each keystroke, so draw little beyond what is seen.
  const first = firstBelow(-screen / 4)
  const last = firstBelow(screen * 1.25)
  const from = view.posAtDOM(paragraphs[first], 0) - 1
  const end = paragraphs[last]
  const to = view.posAtDOM(end, end.childNodes.length) + 1
  return { from: Math.max(0, from), to: Math.min(view.state.doc.content.size, to) }
}
