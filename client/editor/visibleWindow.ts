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
