import { Plugin, PluginKey, type EditorState, type Selection, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView, type NodeViewConstructor } from 'prosemirror-view'
import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { DOC_MODEL } from '../../doc'
import { narrowDocUpdates } from './narrowDocUpdate'
import { installFragmentIndex } from './fragmentIndex'
import { BOUNDED_SURFACE_MIN_PARAGRAPHS } from './boundedSurfaceThreshold'

/**
 * The bounded editing surface (issue #21): in a long document only the
 * paragraphs near the viewport, and those holding the selection's ends, are
 * real `<p>` elements with their text inside the editable element. The other
 * paragraphs take the room they had (or are estimated to take) as one empty,
 * non-editable block per run of them, so the page scrolls as if all the text were there,
 * while the browser's editing work (typing, selection, style and layout), which
 * grows with the size of the one contenteditable element, only meets a few
 * screens of text. The ProseMirror document and the Y.Doc are whole: every
 * command, search, undo, annotation and copy works on all of the text; only
 * the DOM is bounded. As the user scrolls, placeholders coming near the
 * viewport become paragraphs and paragraphs leaving it become placeholders.
 *
 * How: a node view for paragraphs that renders a live paragraph or a
 * placeholder, told which by a node decoration this plugin puts on the live
 * ones (a bounded number of decorations; a change of liveness makes
 * ProseMirror re-create that node's view, nothing else).
 */

export { BOUNDED_SURFACE_MIN_PARAGRAPHS }

/** Most paragraphs the viewport window makes live, whatever was asked (a screen of one-line paragraphs is ~25). */
const MAX_WINDOW_PARAGRAPHS = 300

/** Paragraphs made live when the editor opens, before the first layout says what is visible. */
const FIRST_WINDOW_PARAGRAPHS = 60

/** Class of the block standing for a run of far paragraphs (styles.css: no margins; its height has them). */
export const PLACEHOLDER_CLASS = 'paragraph-placeholder'

/**
 * Whether a document of `paragraphs` paragraphs gets the bounded surface.
 * `override` ('on' / 'off', from localStorage `variorum.boundedSurface`) forces
 * it either way, for the benchmark's side-by-side comparison and for tests.
 */
export function wantsBoundedSurface(paragraphs: number, override: string | null): boolean {
  if (override === 'on') return true
  if (override === 'off') return false
  return paragraphs >= BOUNDED_SURFACE_MIN_PARAGRAPHS
}

interface SurfaceState {
  /** The viewport window: positions [from, to); paragraphs overlapping it are live (mapped through edits). */
  from: number
  to: number
  decorations: DecorationSet
  /** Which build this is (a mapped surface keeps its build's number): the view re-measures after a new one. */
  build: number
}

type Meta = { from: number; to: number }

const surfaceKey = new PluginKey<SurfaceState>('boundedSurface')
const LIVE_SPEC = { boundedLive: true }

function isLive(decorations: readonly Decoration[]): boolean {
  return decorations.some((decoration) => (decoration.spec as { boundedLive?: boolean }).boundedLive === true)
}

/** The height a run of placeholders stands for, on the run's first placeholder; undefined on the others (not drawn). */
function runHeight(decorations: readonly Decoration[]): number | undefined {
  for (const decoration of decorations) {
    const height = (decoration.spec as { boundedRun?: number }).boundedRun
    if (height !== undefined) return height
  }
  return undefined
}

/** What a placeholder's height is estimated from until its paragraph has been seen. */
interface TextMetrics {
  fontSize: number
  lineHeight: number
  width: number
  /** Vertical margin a paragraph adds (1 em below each). */
  margin: number
}

/** Estimated height in px of a paragraph of `text` with its margin: CJK characters one em wide, others about half, the first line indented 2 em. */
function estimateHeight(text: string, metrics: TextMetrics): number {
  let ems = 2
  for (let i = 0; i < text.length; i++) ems += text.charCodeAt(i) >= 0x2e80 ? 1 : 0.55
  const perLine = Math.max(1, metrics.width / metrics.fontSize)
  return Math.max(1, Math.ceil(ems / perLine)) * metrics.lineHeight + metrics.margin
}

/**
 * The plugin. Far paragraphs are placeholders that are not drawn at all
 * (no DOM node in the page), except the first of each run of far paragraphs, which
 * is a block as tall as the whole run: the editable element holds a few screens of
 * text and a handful of blocks, whatever the document's length. (Drawing every
 * placeholder as a block of its own height left the browser laying out and
 * syncing the selection over 10,000 blocks on each keystroke: see
 * docs/ARCHITECTURE.md, Long documents.)
 *
 * `heights` remembers the measured height (margin included) of each paragraph
 * node seen live, `estimates` the estimate of the others.
 */
export function boundedSurfacePlugin(options: {
  narrowUpdates?: boolean
  /** Far paragraphs after a run's first as empty comment nodes in the editor, as before (for the bench's side-by-side comparison). */
  commentPlaceholders?: boolean
  /** `false`: positions resolved by prosemirror-model's walk, as before fragmentIndex.ts (for the bench). */
  fragmentIndex?: boolean
} = {}): Plugin<SurfaceState> {
  const heights = new WeakMap<ProseMirrorNode, number>()
  const estimates = new WeakMap<ProseMirrorNode, number>()
  let metrics: TextMetrics | null = null
  let measured = false
  let editorView: EditorView | null = null
  let builds = 0
  const heightOf = (node: ProseMirrorNode): number => {
    const known = heights.get(node)
    if (known !== undefined) return known
    let estimate = estimates.get(node)
    if (estimate === undefined) {
      if (!metrics) {
        const style = editorView ? getComputedStyle(editorView.dom) : null
        const fontSize = parseFloat(style?.fontSize ?? '') || 17.6
        metrics = { fontSize, lineHeight: parseFloat(style?.lineHeight ?? '') || fontSize * 1.85, width: editorView?.dom.clientWidth || 640, margin: fontSize }
      }
      estimate = estimateHeight(node.textContent, metrics)
      estimates.set(node, estimate)
    }
    return estimate
  }

  /** Decorations: live paragraphs (window and selection), and the height of each run of far ones on its first. */
  const build = (doc: ProseMirrorNode, from: number, to: number, selection: Selection): SurfaceState => {
    const decorations: Decoration[] = []
    const selectionFrom = selection.from
    const selectionTo = selection.to
    let windowed = 0
    let runStart = -1
    let runHeightSum = 0
    const endRun = () => {
      if (runStart >= 0) decorations.push(Decoration.node(runStart, runStart + doc.nodeAt(runStart)!.nodeSize, {}, { boundedRun: Math.round(runHeightSum) }))
      runStart = -1
      runHeightSum = 0
    }
    doc.forEach((node, offset) => {
      const end = offset + node.nodeSize
      const inWindow = end > from && offset < to && windowed < MAX_WINDOW_PARAGRAPHS
      if (inWindow) windowed++
      const holdsSelection = (selectionFrom >= offset && selectionFrom <= end) || (selectionTo >= offset && selectionTo <= end)
      if (inWindow || holdsSelection) {
        endRun()
        decorations.push(Decoration.node(offset, end, {}, LIVE_SPEC))
      } else {
        if (runStart < 0) runStart = offset
        runHeightSum += heightOf(node)
      }
    })
    endRun()
    return { from, to, decorations: DecorationSet.create(doc, decorations), build: ++builds }
  }

  /**
   * The surface after an edit that moved nothing in or out: the decorations
   * mapped, if each still sits on exactly one paragraph and the selection's
   * paragraphs are live; else null (rebuild). Typing inside a paragraph keeps
   * them; Enter, a paste or a deletion across paragraphs rebuilds.
   */
  const mapped = (value: SurfaceState, tr: Transaction, state: EditorState): SurfaceState | null =>
    typedInLiveParagraphs(value, tr, state) ?? checkedAfterMapping(value, tr, state)

  /**
   * The common case in O(decorations), not O(paragraphs): every step of `tr` changed
   * only the inside of one live paragraph (typing, a deletion within it), so every
   * decoration still sits on its paragraph; the selection's paragraphs must be live.
   * Null when that is not so (then checkedAfterMapping walks the document).
   */
  const typedInLiveParagraphs = (value: SurfaceState, tr: Transaction, state: EditorState): SurfaceState | null => {
    const live = value.decorations.find().filter((decoration) => isLive([decoration]))
    for (let i = 0; i < tr.mapping.maps.length; i++) {
      // Step i's positions are those of the document after the steps before it.
      const before = tr.mapping.slice(0, i)
      let inside = true
      tr.mapping.maps[i].forEach((oldStart, oldEnd) => {
        if (inside) inside = live.some((decoration) => before.map(decoration.from, 1) < oldStart && oldEnd < before.map(decoration.to, -1))
      })
      if (!inside) return null
    }
    const decorations = value.decorations.map(tr.mapping, tr.doc)
    const liveRanges = decorations.find().filter((decoration) => isLive([decoration]))
    const covered = (pos: number) => liveRanges.some((decoration) => pos >= decoration.from && pos <= decoration.to)
    if (!covered(state.selection.from) || !covered(state.selection.to)) return null
    return { from: tr.mapping.map(value.from, -1), to: tr.mapping.map(value.to, 1), decorations, build: value.build }
  }

  /** Any other change: the decorations mapped, then checked against every paragraph. */
  const checkedAfterMapping = (value: SurfaceState, tr: Transaction, state: EditorState): SurfaceState | null => {
    const decorations = value.decorations.map(tr.mapping, tr.doc)
    const found = decorations.find().sort((a, b) => a.from - b.from)
    const liveRanges: [number, number][] = []
    let k = 0
    let ok = true
    state.doc.forEach((node, offset) => {
      if (!ok || k >= found.length) return
      const end = offset + node.nodeSize
      while (ok && k < found.length && found[k].from < end) {
        const decoration = found[k++]
        if (decoration.from !== offset || decoration.to !== end) ok = false
        else if (isLive([decoration])) liveRanges.push([offset, end])
      }
    })
    if (!ok || k < found.length) return null
    const covered = (pos: number) => liveRanges.some(([a, b]) => pos >= a && pos <= b)
    if (!covered(state.selection.from) || !covered(state.selection.to)) return null
    return { from: tr.mapping.map(value.from, -1), to: tr.mapping.map(value.to, 1), decorations, build: value.build }
  }

  class LiveParagraph implements NodeView {
    dom: HTMLElement
    contentDOM: HTMLElement
    constructor(private node: ProseMirrorNode) {
      this.dom = this.contentDOM = document.createElement('p')
    }
    update(node: ProseMirrorNode, decorations: readonly Decoration[]): boolean {
      if (node.type !== this.node.type || !isLive(decorations)) return false
      this.node = node
      return true
    }
  }

  /**
   * A far paragraph: the first of a run is an empty non-editable block as tall
   * as the run; the others are not in the page at all. Their view's DOM is an
   * empty DocumentFragment: ProseMirror puts a child view's DOM into the
   * editor when it is not there (renderDescs: insertBefore), and inserting an
   * empty fragment inserts nothing, so the editing host holds the live
   * paragraphs and one block per run, whatever the document's length.
   * (Before, they were empty comment nodes: not laid out, but Chromium's
   * selection sync after each keystroke walks every node of the editing host
   * before the caret, ~15,000 comments in the middle of 30,000 paragraphs,
   * ~2.5 ms a keystroke; display: none elements cost more. See
   * docs/ARCHITECTURE.md, Long documents.)
   */
  class Placeholder implements NodeView {
    dom: HTMLElement
    private run: boolean
    constructor(private node: ProseMirrorNode, decorations: readonly Decoration[]) {
      const height = runHeight(decorations)
      this.run = height !== undefined
      if (height === undefined) {
        // ProseMirror asks a content-less view's DOM whether it sets contenteditable
        // (hasAttribute), which a fragment cannot answer: it says yes, nothing to set.
        const nothing = options.commentPlaceholders ? document.createComment('') : document.createDocumentFragment()
        this.dom = Object.assign(nothing, { hasAttribute: () => true }) as unknown as HTMLElement
      } else {
        const block = document.createElement('div')
        block.className = PLACEHOLDER_CLASS
        block.contentEditable = 'false'
        block.style.height = `${height}px`
        this.dom = block
      }
    }
    update(node: ProseMirrorNode, decorations: readonly Decoration[]): boolean {
      const height = runHeight(decorations)
      if (node.type !== this.node.type || isLive(decorations) || (height !== undefined) !== this.run) return false
      this.node = node
      if (height !== undefined) (this.dom as HTMLElement).style.height = `${height}px`
      return true
    }
    ignoreMutation(): boolean {
      return true
    }
  }

  const paragraphView: NodeViewConstructor = (node, _view, _getPos, decorations) =>
    isLive(decorations) ? new LiveParagraph(node) : new Placeholder(node, decorations)

  return new Plugin<SurfaceState>({
    key: surfaceKey,
    state: {
      init: (_config, state) => build(state.doc, 0, paragraphStart(state.doc, FIRST_WINDOW_PARAGRAPHS), state.selection),
      apply(tr, value, previous, state: EditorState) {
        const meta = tr.getMeta(surfaceKey) as Meta | undefined
        if (meta) return build(state.doc, meta.from, meta.to, state.selection)
        if (!tr.docChanged && state.selection.eq(previous.selection)) return value
        return mapped(value, tr, state) ?? build(state.doc, ...windowAcross(previous.doc, state.doc, value.from, value.to), state.selection)
      },
    },
    props: {
      decorations: (state) => surfaceKey.getState(state)?.decorations ?? DecorationSet.empty,
      attributes: { class: 'bounded-surface' },
      nodeViews: { [DOC_MODEL.paragraph]: paragraphView },
    },
    view(view) {
      editorView = view
      // Typing in one paragraph updates that paragraph's view, not a walk over all of them
      // (narrowDocUpdate.ts; `narrowUpdates: false` keeps ProseMirror's walk, for the bench).
      if (options.narrowUpdates !== false) narrowDocUpdates(view)
      // Positions in the long document resolved by index, not a walk over its paragraphs (fragmentIndex.ts).
      if (options.fragmentIndex !== false) installFragmentIndex()
      let frame = 0
      const update = () => {
        frame = 0
        if (view.isDestroyed) return
        const doc = view.state.doc
        // What is drawn, in document order: live paragraphs and the run blocks (a bounded
        // number), one decoration each, so their positions come from the decorations.
        const drawn = [...view.dom.children] as HTMLElement[]
        const marks = surfaceKey.getState(view.state)!.decorations.find().sort((a, b) => a.from - b.from)
        if (drawn.length === 0 || drawn.length !== marks.length) return
        const boxes = drawn.map((element) => element.getBoundingClientRect())
        const positions = marks.map((mark) => mark.from)
        // Learn the metrics and the heights of the live paragraphs while the layout is fresh.
        drawn.forEach((element, i) => {
          if (element.tagName !== 'P') return
          const node = doc.nodeAt(positions[i])
          if (!node) return
          const style = measured ? null : getComputedStyle(element)
          if (style) {
            metrics = { fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight), width: element.clientWidth, margin: parseFloat(style.marginBottom) }
            measured = true
          }
          heights.set(node, boxes[i].height + (metrics?.margin ?? 0))
        })
        const screen = window.innerHeight
        const runNear = drawn.some((element, i) => element.tagName !== 'P' && boxes[i].bottom > -screen / 4 && boxes[i].top < screen * 1.25)
        if (!runNear) return
        /** The position of the paragraph at height `y` of the viewport (by measured or estimated heights inside a run). */
        const positionAt = (y: number): number => {
          if (y < boxes[0].top) return positions[0]
          for (let i = 0; i < drawn.length; i++) {
            if (y >= boxes[i].bottom && i < drawn.length - 1) continue
            if (drawn[i].tagName === 'P' || y >= boxes[i].bottom) return positions[i]
            // Inside a run: walk its paragraphs until their heights reach y.
            let at = positions[i]
            let top = boxes[i].top
            const runEnd = i + 1 < drawn.length ? positions[i + 1] : doc.content.size
            while (at < runEnd) {
              const node = doc.nodeAt(at)!
              top += heightOf(node)
              if (top > y) return at
              at += node.nodeSize
            }
            return at
          }
          return doc.content.size
        }
        const from = positionAt(-screen)
        const last = positionAt(2 * screen)
        const lastNode = doc.nodeAt(last)
        const to = last + (lastNode ? lastNode.nodeSize : 0)
        keepInPlace(view, () => view.dispatch(view.state.tr.setMeta(surfaceKey, { from, to } satisfies Meta).setMeta('addToHistory', false)))
      }
      const schedule = () => {
        if (!frame) frame = requestAnimationFrame(update)
      }
      document.addEventListener('scroll', schedule, { capture: true, passive: true })
      window.addEventListener('resize', schedule)
      schedule()
      return {
        update(_view, previous) {
          if (options.narrowUpdates !== false) narrowDocUpdates(view)
          if (surfaceKey.getState(previous)?.build !== surfaceKey.getState(view.state)?.build) schedule()
        },
        destroy() {
          if (frame) cancelAnimationFrame(frame)
          document.removeEventListener('scroll', schedule, { capture: true })
          window.removeEventListener('resize', schedule)
        },
      }
    },
  })
}

/** Position of the start of paragraph `index` (clamped to the document). */
/**
 * The window [from, to) of `before` carried over to `after` by paragraph, not by
 * position mapping: a change from elsewhere reaches ProseMirror as one step
 * replacing the whole document (y-prosemirror), which maps every position to an
 * edge, so the window jumped to the document's first paragraphs and the reader's
 * paragraphs turned into placeholders under them. Paragraphs outside the changed
 * part are the same node objects before and after (y-prosemirror keeps a node
 * per unchanged Yjs element, ProseMirror keeps untouched children), so the
 * common head and tail by identity say where each window edge went.
 */
function windowAcross(before: ProseMirrorNode, after: ProseMirrorNode, from: number, to: number): [number, number] {
  const oldCount = before.childCount
  const newCount = after.childCount
  let head = 0
  while (head < oldCount && head < newCount && before.child(head) === after.child(head)) head++
  let tail = 0
  while (tail < oldCount - head && tail < newCount - head && before.child(oldCount - 1 - tail) === after.child(newCount - 1 - tail)) tail++
  const indexAcross = (index: number, side: -1 | 1): number => {
    if (index < head) return index
    if (index >= oldCount - tail) return index + newCount - oldCount
    return side < 0 ? head : newCount - tail
  }
  const indexOf = (doc: ProseMirrorNode, pos: number): number => (pos >= doc.content.size ? doc.childCount : doc.resolve(pos).index(0))
  return [paragraphStart(after, indexAcross(indexOf(before, from), -1)), paragraphStart(after, indexAcross(indexOf(before, to), 1))]
}

function paragraphStart(doc: ProseMirrorNode, index: number): number {
  let position = 0
  const count = Math.min(index, doc.childCount)
  for (let i = 0; i < count; i++) position += doc.child(i).nodeSize
  return position
}

/**
 * Makes the paragraph at position `pos` live (and the window around it) at
 * once, so that its DOM can be measured or scrolled to; a no-op without the
 * bounded surface.
 */
export function revealPosition(view: EditorView, pos: number): void {
  const surface = surfaceKey.getState(view.state)
  if (!surface) return
  const doc = view.state.doc
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)))
  const index = Math.min($pos.index(0), doc.childCount - 1)
  const start = $pos.posAtIndex(index, 0)
  if (surface.decorations.find(start, start + doc.child(index).nodeSize, (spec) => spec.boundedLive === true).length > 0) return
  const from = paragraphStart(doc, Math.max(0, index - FIRST_WINDOW_PARAGRAPHS / 2))
  const to = paragraphStart(doc, index + FIRST_WINDOW_PARAGRAPHS / 2)
  keepInPlace(view, () => view.dispatch(view.state.tr.setMeta(surfaceKey, { from, to } satisfies Meta).setMeta('addToHistory', false)))
}

/** The element that scrolls the editor: its nearest scrollable ancestor, else the page. */
function scrollerOf(view: EditorView): HTMLElement {
  for (let at = view.dom.parentElement; at; at = at.parentElement) {
    const overflow = getComputedStyle(at).overflowY
    if (overflow === 'auto' || overflow === 'scroll') return at
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement
}

/**
 * Runs `change` (a new window: placeholders become text and text placeholders)
 * and scrolls by as much as the first paragraph visible before it moved, so the
 * text the user reads stays where it was although the heights above it were
 * only estimated.
 */
function keepInPlace(view: EditorView, change: () => void): void {
  const scroller = scrollerOf(view)
  const top = scroller === document.scrollingElement ? 0 : scroller.getBoundingClientRect().top
  const anchor = [...view.dom.children].find((element) => element.tagName === 'P' && element.getBoundingClientRect().bottom > top) ?? null
  const before = anchor?.getBoundingClientRect().top ?? 0
  change()
  if (!anchor || !anchor.isConnected) return
  const moved = anchor.getBoundingClientRect().top - before
  if (moved !== 0) scroller.scrollTop += moved
}
