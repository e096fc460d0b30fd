import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { carryChildPositions, indexChildPositions, knownChildStart, sizeOf, type DocView } from './docChildPositions'
import { changedRun } from './fragmentIndex'

/**
 * ProseMirror's view update narrowed to the top-level paragraphs that changed
 * (issue #21).
 *
 * On every transaction that changes the document, ProseMirror (prosemirror-view
 * 1.42, NodeViewDesc.updateChildren) walks every top-level child of the
 * document: it matches each child's view against the node from the end
 * (preMatch), asks the decorations for each child's share (forChild, a scan of
 * the top-level decorations per child) and compares each. At 30,000
 * paragraphs that is ~10 ms a keystroke for typing that changed one paragraph
 * (docs/ARCHITECTURE.md, Long documents).
 *
 * This patch handles the common case in O(changed paragraphs + top-level
 * decorations): the new document shares every top-level child with the old
 * one by identity except a run of the same length (typing, a deletion inside a
 * paragraph, a mark), no child view outside that run is dirty, and every
 * decoration that touches a child outside the run is the same after the edit
 * (same child set, same or shifted position). Then only the views of the
 * changed run are updated, exactly as ProseMirror's updater would update them
 * in place (composition included). Anything else (paragraphs added or removed,
 * a widget between paragraphs, a decoration changed elsewhere, a view that
 * cannot update in place, a DOM mutation across paragraphs) goes the stock way,
 * which also finishes the update when this path gives up halfway: the view
 * tree is consistent after each child's update.
 *
 * ProseMirror does not export its view descs: the prototype is reached through
 * a view's `docView`, checked for every member used, and the patch is only
 * active for views passed to narrowDocUpdates (the bounded surface's).
 */

/** Dirty levels of prosemirror-view's view descs. */
const NOT_DIRTY = 0
const CONTENT_DIRTY = 2
const NODE_DIRTY = 3

/** Longest run of changed paragraphs updated this way; longer ones take the stock walk. */
const MAX_CHANGED = 16

/** A DecorationSet or ProseMirror's internal DecorationGroup (a list of sets). */
interface DecorationSource {
  members?: DecorationSource[]
  local?: readonly Decoration[]
  children?: readonly (number | DecorationSource)[]
  forChild(offset: number, node: ProseMirrorNode): DecorationSource
  locals(node: ProseMirrorNode): readonly Decoration[]
  eq(other: DecorationSource): boolean
}

interface ChildDesc {
  node?: ProseMirrorNode | null
  dom: Node
  contentDOM?: Node | null
  dirty: number
  update(node: ProseMirrorNode, outer: readonly Decoration[], inner: DecorationSource, view: EditorView): boolean
  matchesNode(node: ProseMirrorNode, outer: readonly Decoration[], inner: DecorationSource): boolean
}

interface DocDesc extends ChildDesc {
  parent?: unknown
  node: ProseMirrorNode
  children: ChildDesc[]
  contentDOM: Node
  innerDeco: DecorationSource
  updateOuterDeco(outer: readonly Decoration[]): void
  localCompositionInfo(view: EditorView, pos: number): { node: Node; pos: number } | null
}

type UpdateInner = (this: DocDesc, node: ProseMirrorNode, outer: readonly Decoration[], inner: DecorationSource, view: EditorView) => void

/** How often each path ran (read by the tests and the bench: the patch must be seen taking effect). */
export const narrowDocUpdateCounts = { narrow: 0, stock: 0 }

const enabled = new WeakSet<EditorView>()
let patched = false

/** The decoration sets a view's decoration source consists of, or null if it is not one ProseMirror builds. */
function setsOf(source: DecorationSource): DecorationSource[] | null {
  if (source === (DecorationSet.empty as unknown as DecorationSource)) return []
  const sets = Array.isArray(source.members) ? source.members : [source]
  return sets.every((set) => Array.isArray(set.local) && Array.isArray(set.children)) ? sets : null
}

/**
 * Whether `before` (a decoration set over the old document) and `after` (over
 * the new one) give every top-level child outside the changed range the same
 * decorations. The old range is [from, oldTo), the new one [from, newTo);
 * positions after it moved by newTo - oldTo.
 */
function sameOutside(before: DecorationSource, after: DecorationSource, from: number, oldTo: number, newTo: number): boolean {
  const shift = newTo - oldTo
  const oldChildren = before.children!
  const newChildren = after.children!
  // Child sets: one per decorated top-level child, [start, end, set] in document order.
  for (let i = 0, j = 0; ; i += 3, j += 3) {
    while (i < oldChildren.length && (oldChildren[i] as number) >= from && (oldChildren[i] as number) < oldTo) i += 3
    while (j < newChildren.length && (newChildren[j] as number) >= from && (newChildren[j] as number) < newTo) j += 3
    if (i >= oldChildren.length || j >= newChildren.length) {
      if (i < oldChildren.length || j < newChildren.length) return false
      break
    }
    const start = oldChildren[i] as number
    const moved = start < from ? 0 : shift
    if (start + moved !== newChildren[j] || (oldChildren[i + 1] as number) + moved !== newChildren[j + 1]) return false
    const oldSet = oldChildren[i + 2] as DecorationSource
    const newSet = newChildren[j + 2] as DecorationSource
    if (oldSet !== newSet && !oldSet.eq(newSet)) return false
  }
  // Top-level decorations (node decorations on paragraphs, inline ones across paragraphs)
  // touching any unchanged child: the same, positions mapped past the changed range.
  const mapped = (pos: number): number => (pos <= from ? pos : pos >= oldTo ? pos + shift : NaN)
  const oldLocal = before.local!
  const newLocal = after.local!
  for (let i = 0, j = 0; ; i++, j++) {
    while (i < oldLocal.length && oldLocal[i].from >= from && oldLocal[i].to <= oldTo) i++
    while (j < newLocal.length && newLocal[j].from >= from && newLocal[j].to <= newTo) j++
    if (i >= oldLocal.length || j >= newLocal.length) return i >= oldLocal.length && j >= newLocal.length
    const a = oldLocal[i]
    const b = newLocal[j]
    if (mapped(a.from) !== b.from || mapped(a.to) !== b.to || !typeOf(a).eq(typeOf(b))) return false
  }
}

/** A decoration's type (internal to prosemirror-view: what it draws, compared by `eq`). */
function typeOf(decoration: Decoration): { eq(other: unknown): boolean } {
  return (decoration as unknown as { type: { eq(other: unknown): boolean } }).type
}

/** The child view holding DOM node `node` (directly under the document's DOM), or null. */
function childDescOf(doc: DocDesc, node: Node): ChildDesc | null {
  let at: Node | null = node
  while (at && at.parentNode !== doc.contentDOM) at = at.parentNode
  return at ? ((at as Node & { pmViewDesc?: ChildDesc }).pmViewDesc ?? null) : null
}

/**
 * The narrow update of the document's view to `node`, or false when its
 * conditions do not hold (nothing changed then) or it gave up after updating
 * some children in place (the stock walk then finishes; see `finish`).
 */
function narrowUpdate(desc: DocDesc, node: ProseMirrorNode, outer: readonly Decoration[], inner: DecorationSource, view: EditorView, stock: UpdateInner): boolean {
  if (desc.dirty === CONTENT_DIRTY || desc.dirty === NODE_DIRTY) return false
  const before = desc.node
  const oldCount = before.childCount
  const newCount = node.childCount
  if (oldCount !== newCount || desc.children.length !== oldCount) return false
  // The changed run by identity (ProseMirror keeps untouched children; y-prosemirror
  // keeps a node per unchanged Yjs element): from the fragments' noted ancestry when
  // typing made one from the other (fragmentIndex.ts), else compared from both ends.
  const oldChildren = before.content.content
  const { start, end } = changedRun(before, node)
  if (start === oldCount) return false
  if (end - start > MAX_CHANGED) return false
  // Its start position: from the position index, else summed from the nearer end.
  const from = knownChildStart(desc as unknown as DocView, before, start) ??
    (start <= oldCount / 2 ? sizeOf(oldChildren, 0, start) : before.content.size - sizeOf(oldChildren, start, oldCount))
  let oldTo = from
  let newTo = from
  for (let i = start; i < end; i++) {
    const child = node.child(i)
    if (child.marks.length > 0 || !desc.children[i].node) return false
    oldTo += before.child(i).nodeSize
    newTo += child.nodeSize
  }
  const views = desc.children
  for (let i = 0; i < start; i++) if (views[i].dirty !== NOT_DIRTY) return false
  for (let i = end; i < oldCount; i++) if (views[i].dirty !== NOT_DIRTY) return false
  const oldSets = setsOf(desc.innerDeco)
  const newSets = setsOf(inner)
  if (!oldSets || !newSets || oldSets.length !== newSets.length) return false
  for (let k = 0; k < newSets.length; k++) {
    if (newSets[k].local!.some((decoration) => (decoration as unknown as { widget: boolean }).widget)) return false
    if (!sameOutside(oldSets[k], newSets[k], from, oldTo, newTo)) return false
  }
  // What ProseMirror's updater would hand each changed child: its node decorations
  // (the document's locals covering its start) and its share of the rest.
  const locals = inner.locals(node)
  const composition = view.composing ? desc.localCompositionInfo(view, 0) : null
  if (composition && composition.pos >= 0) return false
  const compositionDesc = composition ? childDescOf(desc, composition.node) : null
  const { from: selectionFrom, to: selectionTo } = view.state.selection
  const plans: { index: number; child: ProseMirrorNode; outer: Decoration[]; inner: DecorationSource; composing: boolean }[] = []
  for (let i = start, offset = from; i < end; i++) {
    const child = node.child(i)
    const composing = composition !== null && selectionFrom > offset && selectionTo < offset + child.nodeSize
    // The composed text in another child than this one: ProseMirror's updater would move views around.
    if (composing && compositionDesc && compositionDesc !== desc.children[i]) return false
    plans.push({ index: i, child, outer: locals.filter((decoration) => decoration.from <= offset && decoration.to > offset), inner: inner.forChild(offset, child), composing: composing && compositionDesc !== null })
    offset += child.nodeSize
  }
  desc.updateOuterDeco(outer)
  let replaced = false
  for (const plan of plans) {
    const child = desc.children[plan.index]
    if (child.matchesNode(plan.child, plan.outer, plan.inner)) continue
    const dom = child.dom
    // ProseMirror's updateNodeAt for the child holding a composition, then its updateNextNode.
    if (plan.composing && child.dirty === NODE_DIRTY && child.dom === child.contentDOM) child.dirty = CONTENT_DIRTY
    if (!child.update(plan.child, plan.outer, plan.inner, view)) return finish(desc, node, outer, inner, view, stock, replaced)
    if (child.dom !== dom) {
      if (dom.parentNode !== desc.contentDOM) return finish(desc, node, outer, inner, view, stock, true)
      desc.contentDOM.replaceChild(child.dom, dom)
      replaced = true
    }
  }
  if (replaced && (view as unknown as { trackWrites?: Node | null }).trackWrites === desc.contentDOM) (view as unknown as { trackWrites?: Node | null }).trackWrites = null
  carryChildPositions(desc as unknown as DocView, before, node, start, end)
  desc.node = node
  desc.innerDeco = inner
  desc.dirty = NOT_DIRTY
  narrowDocUpdateCounts.narrow++
  return true
}

/**
 * Hands a half-done narrow update to ProseMirror's walk, which matches the
 * children already updated and updates the rest; `redraw` makes it re-sync
 * the document's DOM children too (a child view's DOM was replaced).
 */
function finish(desc: DocDesc, node: ProseMirrorNode, outer: readonly Decoration[], inner: DecorationSource, view: EditorView, stock: UpdateInner, redraw: boolean): true {
  if (redraw) desc.dirty = CONTENT_DIRTY
  stock.call(desc, node, outer, inner, view)
  narrowDocUpdateCounts.stock++
  return true
}

/**
 * Turns the narrow update on for `view`; installs the patch on first use.
 * Call again when ProseMirror may have replaced the document's view (a redraw):
 * the position look-ups live on that object. Returns whether it is in place (false: ProseMirror's internals are not
 * what this was written against, and the view updates the stock way).
 */
export function narrowDocUpdates(view: EditorView): boolean {
  const docView = (view as unknown as { docView?: DocDesc }).docView
  if (!docView || docView.parent || !Array.isArray(docView.children) || typeof docView.dirty !== 'number') return false
  const proto = Object.getPrototypeOf(docView) as Record<string, unknown>
  const methods = ['updateInner', 'updateChildren', 'update', 'matchesNode', 'updateOuterDeco', 'localCompositionInfo']
  if (!methods.every((name) => typeof proto[name] === 'function')) return false
  const empty = DecorationSet.empty as unknown as DecorationSource
  if (!setsOf(empty) || typeof empty.forChild !== 'function' || typeof empty.locals !== 'function') return false
  if (typeof Object.getOwnPropertyDescriptor(Decoration.prototype, 'widget')?.get !== 'function') return false
  if (!patched) {
    const stock = proto.updateInner as UpdateInner
    proto.updateInner = function updateInner(this: DocDesc, node: ProseMirrorNode, outer: readonly Decoration[], inner: DecorationSource, view: EditorView): void {
      if (this.parent || !enabled.has(view) || !narrowUpdate(this, node, outer, inner, view, stock)) {
        if (!this.parent && enabled.has(view)) narrowDocUpdateCounts.stock++
        stock.call(this, node, outer, inner, view)
      }
    }
    patched = true
  }
  enabled.add(view)
  // And the look-ups of a position among the paragraphs by index (docChildPositions.ts).
  if (typeof proto.posBeforeChild === 'function' && typeof proto.domFromPos === 'function' && typeof proto.setSelection === 'function' &&
    typeof proto.markDirty === 'function' && typeof proto.descAt === 'function' && typeof proto.parseRange === 'function') indexChildPositions(docView as unknown as DocView)
  return true
}
