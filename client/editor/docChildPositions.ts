import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { childStarts } from './fragmentIndex'

/**
 * Position look-ups of a document's view among its top-level children, by an
 * index instead of a walk (issue #21).
 *
 * prosemirror-view finds the child view holding a position by walking the
 * document view's children from the first and adding up their sizes: for the
 * paragraph being typed in (posBeforeChild, through every child view's
 * posAtStart), for the DOM change read back (markDirty), for the selection
 * drawn (setSelection), for scrolling to it (domFromPos) and for the DOM range
 * parsed after typing (parseRange). In the middle of
 * 30,000 paragraphs each walk reads 15,000 views and their nodes, several
 * times a keystroke (docs/ARCHITECTURE.md, Long documents). Here the start of
 * every top-level child is kept in one typed array per drawn document: built
 * once, carried across a narrow update (narrowDocUpdate.ts) by shifting the
 * starts after the changed run, and looked up by binary search.
 *
 * Installed on one view's document view object (own properties shadowing
 * ProseMirror's methods), and only for a position strictly inside one child:
 * the boundaries between children, where ProseMirror also looks at widgets and
 * hack nodes, take its own walk, as does a document view whose children are not
 * one per top-level node.
 */

/** Dirty levels of prosemirror-view's view descs. */
const CHILD_DIRTY = 1
const NODE_DIRTY = 3

interface ChildView {
  node?: ProseMirrorNode | null
  contentDOM?: Node | null
  dom: Node
  dirty: number
  contentLost?: boolean
  readonly border: number
  domFromPos(pos: number, side: number): unknown
  setSelection(anchor: number, head: number, view: unknown, force?: boolean): void
  markDirty(from: number, to: number): void
  descAt(pos: number): unknown
  parseRange(from: number, to: number, base: number): unknown
}

export interface DocView {
  node: ProseMirrorNode
  children: ChildView[]
  contentDOM: Node
  dirty: number
  domFromPos(pos: number, side: number): unknown
  setSelection(anchor: number, head: number, view: unknown, force?: boolean): void
  markDirty(from: number, to: number): void
  posBeforeChild(child: unknown): number
  descAt(pos: number): unknown
  parseRange(from: number, to: number, base?: number): unknown
}

interface Index {
  /** The document the starts are of (the view's drawn document). */
  doc: ProseMirrorNode
  /** starts[i]: position of top-level child i; starts[count]: the content size. */
  starts: Float64Array
}

const indexes = new WeakMap<DocView, Index>()

/**
 * Summed node size of `nodes[from..to)`. Block nodes of one type are the usual
 * top level: their size is read without ProseMirror's getters (nodeSize asks
 * isLeaf of the type each time).
 */
export function sizeOf(nodes: readonly ProseMirrorNode[], from: number, to: number): number {
  if (from >= to) return 0
  const common = nodes[from].type
  const leaf = common.isLeaf
  let size = 0
  for (let i = from; i < to; i++) {
    const child = nodes[i]
    size += child.type === common ? (leaf ? 1 : child.content.size + 2) : child.nodeSize
  }
  return size
}

/** starts(i): position of top-level child i; starts(count): the content size. */
type Starts = (i: number) => number

/**
 * The starts of `view`'s children, or null when its children are not one per
 * top-level node: the document fragment's own index when fragmentIndex.ts
 * keeps one (carried through typing by prosemirror-model's replaceChild),
 * else this view's array.
 */
function startsOf(view: DocView): Starts | null {
  const doc = view.node
  if (view.children.length !== doc.childCount) return null
  const carried = childStarts(doc.content)
  if (carried) return carried
  const known = indexes.get(view)
  if (known && known.doc === doc) return (i) => known.starts[i]
  const nodes = doc.content.content
  const starts = new Float64Array(nodes.length + 1)
  for (let i = 0, pos = 0; i <= nodes.length; i++) {
    starts[i] = pos
    if (i < nodes.length) pos += sizeOf(nodes, i, i + 1)
  }
  indexes.set(view, { doc, starts })
  return (i) => starts[i]
}

/**
 * Carries `view`'s index from `before` to `after`, which differ only in the
 * children [start, end) (same count): the starts inside are recomputed, those
 * after shifted. Without an index of `before` nothing is kept (built when next
 * asked).
 */
export function carryChildPositions(view: DocView, before: ProseMirrorNode, after: ProseMirrorNode, start: number, end: number): void {
  // The fragment's own index needs no carrying.
  if (childStarts(after.content)) return
  const known = indexes.get(view)
  if (!known || known.doc !== before || known.starts.length !== after.childCount + 1) return
  const { starts } = known
  const nodes = after.content.content
  const oldEnd = starts[end]
  for (let i = start; i < end; i++) starts[i + 1] = starts[i] + sizeOf(nodes, i, i + 1)
  const moved = starts[end] - oldEnd
  if (moved !== 0) for (let i = end + 1; i < starts.length; i++) starts[i] += moved
  known.doc = after
}

/** Position of top-level child `index` of `doc` when `view`'s index is of `doc`, else null (not built for this). */
export function knownChildStart(view: DocView, doc: ProseMirrorNode, index: number): number | null {
  const carried = index <= doc.childCount ? childStarts(doc.content) : null
  if (carried) return carried(index)
  const known = indexes.get(view)
  return known && known.doc === doc && index < known.starts.length ? known.starts[index] : null
}

/** Index of the child holding position `pos` (the last whose start is ≤ pos). */
function childAt(starts: Starts, count: number, pos: number): number {
  let low = 0
  let high = count - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts(middle) <= pos) low = middle
    else high = middle - 1
  }
  return low
}

/**
 * Installs the look-ups on `view` (once per document view object). `stock`
 * holds ProseMirror's methods, which every look-up falls back to.
 */
export function indexChildPositions(view: DocView): void {
  if (Object.prototype.hasOwnProperty.call(view, 'domFromPos')) return
  const stock = Object.getPrototypeOf(view) as DocView
  /** The child whose content strictly holds [from, to], with its index, start and end, or null. */
  const holding = (self: DocView, from: number, to: number): { index: number; child: ChildView; start: number; end: number } | null => {
    const starts = startsOf(self)
    if (!starts) return null
    const index = childAt(starts, self.children.length, from)
    const start = starts(index)
    const end = starts(index + 1)
    if (from <= start || to >= end) return null
    return { index, child: self.children[index], start, end }
  }
  Object.assign(view, {
    posBeforeChild(this: DocView, child: ChildView): number {
      const starts = startsOf(this)
      const i = starts ? this.children.indexOf(child) : -1
      return i >= 0 ? starts!(i) : stock.posBeforeChild.call(this, child)
    },
    domFromPos(this: DocView, pos: number, side: number): unknown {
      const found = holding(this, pos, pos)
      return found ? found.child.domFromPos(pos - found.start - found.child.border, side) : stock.domFromPos.call(this, pos, side)
    },
    descAt(this: DocView, pos: number): unknown {
      const found = holding(this, pos, pos)
      return found ? found.child.descAt(pos - found.start - found.child.border) : stock.descAt.call(this, pos)
    },
    parseRange(this: DocView, from: number, to: number, base = 0): unknown {
      // The DOM range to parse after a change inside one paragraph: that paragraph's, as ProseMirror finds it.
      const found = base === 0 ? holding(this, from, to) : null
      if (!found || !found.child.node || !found.child.contentDOM || !this.contentDOM.contains(found.child.contentDOM)) return stock.parseRange.call(this, from, to, base)
      return found.child.parseRange(from, to, found.start + found.child.border)
    },
    setSelection(this: DocView, anchor: number, head: number, editorView: unknown, force = false): void {
      const found = holding(this, Math.min(anchor, head), Math.max(anchor, head))
      if (!found) return stock.setSelection.call(this, anchor, head, editorView, force)
      found.child.setSelection(anchor - found.start - found.child.border, head - found.start - found.child.border, editorView, force)
    },
    markDirty(this: DocView, from: number, to: number): void {
      const found = holding(this, from, to)
      if (!found) return stock.markDirty.call(this, from, to)
      // ProseMirror's markDirty for a change inside one child's content.
      const { child, start, end } = found
      const startInside = start + child.border
      const endInside = end - child.border
      if (from < startInside || to > endInside) return stock.markDirty.call(this, from, to)
      this.dirty = CHILD_DIRTY
      if (from === startInside && to === endInside && (child.contentLost || child.dom.parentNode !== this.contentDOM)) child.dirty = NODE_DIRTY
      else child.markDirty(from - startInside, to - startInside)
    },
  })
}
