import { Fragment, type Node as ProseMirrorNode } from 'prosemirror-model'

/**
 * Positions among a long fragment's children by index, and which children an
 * edit replaced, without a walk over all of them (issue #21).
 *
 * prosemirror-model resolves a position (`resolve`, `nodeAt`) by walking the
 * top-level children from the first, adding up their sizes (Fragment.findIndex),
 * and caches the result per document only: each keystroke's new document is
 * resolved from scratch, several times (ProseMirror's reading of the typed text,
 * the selection's and the decorations' mapping), over ~15,000 paragraphs in the
 * middle of 30,000 (docs/ARCHITECTURE.md, Long documents). And the windowed write
 * and the narrow view update found the paragraphs an edit changed by comparing
 * both documents' children from both ends: the same length again.
 *
 * Typing makes each new document from the one before by
 * `Fragment.replaceChild` (prosemirror-model's replace: a copy of the child
 * array with one child replaced). So for fragments of at least
 * MIN_INDEXED_CHILDREN children this module, patched onto Fragment's prototype:
 * - keeps the children's start positions (built once, on the first findIndex
 *   of a fragment with no index) and carries them to the fragment replaceChild
 *   makes, as the old starts plus the size changes after the replaced index
 *   (at most MAX_FIXES, then copied into a new array): findIndex is a binary
 *   search, with exactly ProseMirror's answer;
 * - notes, on the fragment replaceChild makes, its last MAX_ANCESTORS
 *   ancestors through replaceChild (weakly: the note keeps no old document
 *   alive) with the range of indices replaced since each, for `changedChildren`.
 * Any other way of making a fragment (y-prosemirror's rendering of a remote
 * change, Enter, a paste) gives one with no index and no ancestors: the first
 * findIndex builds the index, and `changedChildren` answers null.
 */

/** Fragments with fewer children are left to ProseMirror (a walk over a few hundred is cheaper than the bookkeeping). */
export const MIN_INDEXED_CHILDREN = 1024

/** Size changes carried on top of a starts array before it is rebuilt (each costs an addition per look-up step). */
const MAX_FIXES = 8

/** Ancestors noted per fragment (keystrokes between two documents compared: one or two, more while the view lags). */
const MAX_ANCESTORS = 16

interface StartIndex {
  /** starts[i]: position of child i before the fixes; starts[count]: the size before them. */
  starts: Float64Array
  /** Pairs (index, delta): every child after `index` starts `delta` later. */
  fixes: readonly number[]
}

interface Ancestor {
  fragment: WeakRef<Fragment>
  /** Range of child indices replaced since that ancestor (the others are the same node objects). */
  min: number
  max: number
}

const startIndexes = new WeakMap<Fragment, StartIndex>()
const ancestry = new WeakMap<Fragment, readonly Ancestor[]>()

/** The internals of a Fragment read here (prosemirror-model 1.25: its child array and size). */
type FragmentInternals = Fragment & { content: readonly ProseMirrorNode[]; size: number }

/** The result object ProseMirror's findIndex returns (shared, as ProseMirror's is: read it at once). */
const found = { index: 0, offset: 0 }

function startOf(index: StartIndex, i: number): number {
  let start = index.starts[i]
  const { fixes } = index
  for (let k = 0; k < fixes.length; k += 2) if (fixes[k] < i) start += fixes[k + 1]
  return start
}

function buildStarts(fragment: FragmentInternals): StartIndex {
  const children = fragment.content
  const starts = new Float64Array(children.length + 1)
  let position = 0
  for (let i = 0; i < children.length; i++) {
    starts[i] = position
    position += children[i].nodeSize
  }
  starts[children.length] = position
  return { starts, fixes: [] }
}

function flatten(index: StartIndex): StartIndex {
  const starts = new Float64Array(index.starts.length)
  for (let i = 0; i < starts.length; i++) starts[i] = startOf(index, i)
  return { starts, fixes: [] }
}

/**
 * The range [start, end) of child indices where `after` holds other node
 * objects than `before` (start === end: none), when `after` was made from
 * `before` by replaceChild calls noted here (so both have the same number of
 * children); null when that is not known (the caller compares the children
 * itself). The same answer as comparing the two child arrays from both ends.
 */
export function changedChildren(before: Fragment, after: Fragment): { start: number; end: number } | null {
  if (before === after) return { start: 0, end: 0 }
  const ancestors = ancestry.get(after)
  if (!ancestors) return null
  for (const ancestor of ancestors) {
    if (ancestor.fragment.deref() !== before) continue
    const then = (before as FragmentInternals).content
    const now = (after as FragmentInternals).content
    let start = ancestor.min
    while (start <= ancestor.max && then[start] === now[start]) start++
    if (start > ancestor.max) return { start: 0, end: 0 }
    let end = ancestor.max + 1
    while (end > start && then[end - 1] === now[end - 1]) end--
    return { start, end }
  }
  return null
}

/**
 * The run [start, end) of top-level children where `before` and `after` (with
 * the same number of children) hold different node objects; start === end ===
 * the count when none differ. From the noted ancestry when there is one (a few
 * comparisons), else by comparing both child arrays from both ends.
 */
export function changedRun(before: ProseMirrorNode, after: ProseMirrorNode): { start: number; end: number } {
  const count = after.childCount
  const known = changedChildren(before.content, after.content)
  if (known) return known.start === known.end ? { start: count, end: count } : known
  const then = (before.content as FragmentInternals).content
  const now = (after.content as FragmentInternals).content
  let start = 0
  while (start < count && then[start] === now[start]) start++
  let end = count
  while (end > start && then[end - 1] === now[end - 1]) end--
  return { start, end }
}

let installed = false

/**
 * The start position of child `i` of `fragment` (i from 0 to its child count,
 * the last being its size) as a function, from the index carried through
 * replaceChild (built now when it has none); null when the patch is not
 * installed or the fragment is shorter than MIN_INDEXED_CHILDREN.
 */
export function childStarts(fragment: Fragment): ((i: number) => number) | null {
  if (!installed || fragment.childCount < MIN_INDEXED_CHILDREN) return null
  let index = startIndexes.get(fragment)
  if (!index) {
    index = buildStarts(fragment as FragmentInternals)
    startIndexes.set(fragment, index)
  }
  const known = index
  return (i) => startOf(known, i)
}

/**
 * Patches Fragment.prototype.findIndex and replaceChild (once; idempotent).
 * Returns whether the patch is in place (false: prosemirror-model is not what
 * this was written against, and positions resolve the stock way).
 */
export function installFragmentIndex(): boolean {
  if (installed) return true
  const proto = Fragment.prototype as unknown as Record<string, unknown>
  if (typeof proto.findIndex !== 'function' || typeof proto.replaceChild !== 'function' || typeof WeakRef !== 'function') return false
  const probe = Fragment.from([]) as FragmentInternals
  if (!Array.isArray(probe.content) || typeof probe.size !== 'number') return false
  const stockFindIndex = proto.findIndex as (this: Fragment, pos: number) => { index: number; offset: number }
  const stockReplaceChild = proto.replaceChild as (this: Fragment, index: number, node: ProseMirrorNode) => Fragment

  proto.findIndex = function findIndex(this: FragmentInternals, pos: number): { index: number; offset: number } {
    const count = this.content.length
    // The edges and the misuse (a RangeError) as ProseMirror answers them.
    if (count < MIN_INDEXED_CHILDREN || pos <= 0 || pos >= this.size) return stockFindIndex.call(this, pos)
    let index = startIndexes.get(this)
    if (!index) {
      index = buildStarts(this)
      startIndexes.set(this, index)
    }
    // The last child starting at or before pos: pos inside it gives (i, its start), pos at
    // its start gives (i, pos): ProseMirror's walk stops at the child before, which ends there.
    let low = 0
    let high = count - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (startOf(index, middle) <= pos) low = middle
      else high = middle - 1
    }
    found.index = low
    found.offset = startOf(index, low)
    return found
  }

  proto.replaceChild = function replaceChild(this: FragmentInternals, at: number, node: ProseMirrorNode): Fragment {
    const result = stockReplaceChild.call(this, at, node)
    if (result === this || this.content.length < MIN_INDEXED_CHILDREN) return result
    const index = startIndexes.get(this)
    if (index) {
      const delta = node.nodeSize - this.content[at].nodeSize
      const carried = delta === 0 ? index : { starts: index.starts, fixes: [...index.fixes, at, delta] }
      startIndexes.set(result, carried.fixes.length > 2 * MAX_FIXES ? flatten(carried) : carried)
    }
    const before = ancestry.get(this) ?? []
    const ancestors: Ancestor[] = [{ fragment: new WeakRef<Fragment>(this), min: at, max: at }]
    for (let k = 0; k < before.length && ancestors.length < MAX_ANCESTORS; k++) {
      const { fragment, min, max } = before[k]
      ancestors.push({ fragment, min: Math.min(min, at), max: Math.max(max, at) })
    }
    ancestry.set(result, ancestors)
    return result
  }
  installed = true
  return true
}
