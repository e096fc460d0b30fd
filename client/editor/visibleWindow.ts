import type { Node } from 'prosemirror-model'
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
  const doc = view.state.doc
  if (count === doc.childCount) {
    // One element a paragraph (a live <p> or, on the bounded surface, a placeholder
    // without content, which posAtDOM cannot look into): positions by index.
    let from = 0
    for (let i = 0; i < first; i++) from += doc.child(i).nodeSize
    let to = from
    for (let i = first; i <= last; i++) to += doc.child(i).nodeSize
    return { from, to }
  }
  const from = view.posAtDOM(paragraphs[first], 0) - 1
  const end = paragraphs[last]
  const to = view.posAtDOM(end, end.childNodes.length) + 1
  return { from: Math.max(0, from), to: Math.min(doc.content.size, to) }
}

/**
 * The window to draw in `size` (a ProseMirror document size) while the watcher
 * has not measured one yet: a large document's null (everything) becomes empty.
 * The editor is created before y-prosemirror fills it, so its first window is
 * null; the document that then arrives whole would otherwise draw all its
 * decorations once (5,000 annotations: ~0.5 s of the editor's load, issue #20).
 */
export function windowFor(window: DecorationWindow, size: number, largeSize: number): DecorationWindow {
  return window === null && size > largeSize ? { from: 0, to: 0 } : window
}

/**
 * The text's box as styles.css and appLayout.css draw it at its widest, in ems of
 * the text's font (1.1rem): a line of the 42rem page less its 2rem padding on
 * each side holds ~34 ems, a line is 1.85 ems high, a paragraph's margin 1 em.
 * Only an estimate's inputs (firstWindow): a narrower pane wraps more, so the
 * same paragraphs reach further down, never less far.
 */
const LINE_EMS = 34
const LINE_HEIGHT_EMS = 1.85
const PARAGRAPH_MARGIN_EMS = 1
const FONT_PX = 17.6
/** Screens of text the first window covers: the watcher's window reaches 1.25 screens below the top. */
const FIRST_WINDOW_SCREENS = 2

/** Ems a character takes: a CJK ideograph, kana, hangul or full-width form one, other scripts about half. */
const charEms = (code: number): number => (code >= 0x1100 ? 1 : 0.45)

/**
 * The window to draw in a large document before any layout has been measured:
 * the paragraphs from the top that fill about FIRST_WINDOW_SCREENS screens of
 * `viewportHeight` CSS pixels, from their characters and the text's box at its
 * widest (LINE_EMS), so a narrower pane only makes it reach further. The
 * editor opens at the top; drawing this window in the very update that first
 * shows the synced text puts the first screen's decorations in its first
 * layout, where an empty window waited for a measurement after that layout,
 * then laid out again (issue #20: 110–145 ms after the text with 5,000
 * annotations). The watcher's first measurement keeps it when it covers the
 * visible part without being over four times its size (watchVisibleWindow),
 * and replaces it otherwise (e.g. a reading place further down).
 * Worked example: 900 px high (two screens: 102 ems), paragraphs of 150 Latin
 * characters (68 ems of text: 2 lines, 4.7 ems with the margin): 22 paragraphs;
 * of 100 Chinese characters (3 lines, 6.55 ems): 16.
 */
export function firstWindow(doc: Node, viewportHeight: number): { from: number; to: number } {
  const budget = FIRST_WINDOW_SCREENS * viewportHeight / FONT_PX
  let height = 0
  let to = 0
  for (let i = 0; i < doc.childCount && height < budget; i++) {
    const paragraph = doc.child(i)
    const text = paragraph.textContent
    let ems = 0
    // (A paragraph longer than the whole budget fills it: no need to read on.)
    for (let j = 0; j < text.length && ems < budget * LINE_EMS; j++) ems += charEms(text.charCodeAt(j))
    height += Math.max(1, Math.ceil(ems / LINE_EMS)) * LINE_HEIGHT_EMS + PARAGRAPH_MARGIN_EMS
    to += paragraph.nodeSize
  }
  return { from: 0, to }
}

/** What watchVisibleWindow returns: stop, and measure again soon (e.g. the document grew past the threshold). */
export type WindowWatcher = (() => void) & { refresh: () => void }

/**
 * Keeps a plugin's window around the viewport in a document larger than
 * `largeSize` (ProseMirror size; smaller ones draw everything: null): after
 * the view's first render, on scrolling (at most every 80 ms) and on
 * `refresh()`, calls `dispatch` with the new window unless `current()` still
 * covers the visible part without being over four times its size. Returns the
 * stop function (with `refresh`).
 */
export function watchVisibleWindow(view: EditorView, largeSize: number, current: () => DecorationWindow, dispatch: (window: DecorationWindow) => void): WindowWatcher {
  let timer: ReturnType<typeof setTimeout> | null = null
  const update = () => {
    timer = null
    if (view.isDestroyed) return
    const next = view.state.doc.content.size > largeSize ? visibleWindow(view) : null
    const now = current()
    if (next === null && now === null) return
    if (next && now && next.from >= now.from && next.to <= now.to && now.to - now.from < 4 * (next.to - next.from)) return
    dispatch(next)
  }
  const onScroll = () => {
    if (!timer) timer = setTimeout(update, 80)
  }
  document.addEventListener('scroll', onScroll, { capture: true, passive: true })
  timer = setTimeout(update, 0)
  const stop = () => {
    if (timer) clearTimeout(timer)
    document.removeEventListener('scroll', onScroll, { capture: true })
  }
  return Object.assign(stop, {
    refresh: () => {
      if (!timer) timer = setTimeout(update, 0)
    },
  })
}
