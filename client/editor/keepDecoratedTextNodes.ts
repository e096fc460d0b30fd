import type { EditorView } from 'prosemirror-view'

/**
 * Typing inside decorated text without ProseMirror redrawing it (issue #20).
 *
 * Text under an inline decoration (an annotation, a find match, a highlight) is
 * a text node inside one or more wrapper spans. When the browser types a letter
 * into that text node, ProseMirror (prosemirror-view 1.42, TextViewDesc.markDirty)
 * marks the whole wrapped piece as needing a new DOM node, because the change
 * touches the piece's edges (a characterData change always spans the whole text
 * node). The next update builds new wrapper spans around the text node, the DOM
 * selection inside it is lost, and ProseMirror sets it again, which forces a
 * synchronous layout: measured in the annotation bench, a wrapper (and the label
 * widget beside it) replaced on every keystroke and `Selection.collapse` the
 * largest single cost of typing in annotated text (~2-4 ms a key). Bare
 * ProseMirror with one inline decoration shows the same (one wrapper replaced and
 * one collapse per key); with this patch, none.
 *
 * The escalation guards against a browser that changed the wrapper's structure.
 * This keeps it for exactly that case: a wrapped piece stays merely content-dirty
 * (its text node updated in place, ProseMirror's normal path for unwrapped text)
 * only while every wrapper from the outer span down still holds just the one
 * child leading to the text node. Anything else the browser did (a second text
 * node, a <br>, text moved out) still redraws the piece as before.
 *
 * ProseMirror does not export the view desc classes, so the prototype is reached
 * through the first text desc of a view; installed once per page.
 */

interface DescLike {
  node?: { isText?: boolean } | null
  children?: DescLike[]
  dom?: Node
  nodeDOM?: Node
  dirty?: number
  markDirty?: (from: number, to: number) => void
}

/** ProseMirror's dirty level that makes a desc redraw its DOM node (NODE_DIRTY in prosemirror-view). */
const NODE_DIRTY = 3

let installed = false

function firstTextDesc(desc: DescLike, depth = 0): DescLike | null {
  if (desc.node?.isText) return desc
  if (depth > 3) return null
  for (const child of desc.children ?? []) {
    const found = firstTextDesc(child, depth + 1)
    if (found) return found
  }
  return null
}

/** True when each wrapper from `dom` down has one child, ending at `text`. */
function wrappersIntact(dom: Node, text: Node): boolean {
  for (let at: Node | null = dom; at !== text; at = at.firstChild) {
    if (!at || at.childNodes.length !== 1) return false
  }
  return true
}

/**
 * Installs the patch once a view has a text node to reach the prototype by;
 * returns whether it is in place (call again from the view's update until then).
 */
export function keepDecoratedTextNodes(view: EditorView): boolean {
  if (installed) return true
  const docView = (view as unknown as { docView?: DescLike }).docView
  const text = docView ? firstTextDesc(docView) : null
  if (!text) return false
  const proto = Object.getPrototypeOf(text) as DescLike
  const base = Object.getPrototypeOf(proto) as DescLike
  const inherited = base.markDirty
  if (typeof inherited !== 'function' || typeof proto.markDirty !== 'function') return false
  proto.markDirty = function markDirty(this: DescLike, from: number, to: number): void {
    inherited.call(this, from, to)
    const { dom, nodeDOM } = this
    if (dom && nodeDOM && dom !== nodeDOM && !wrappersIntact(dom, nodeDOM)) this.dirty = NODE_DIRTY
  }
  installed = true
  return true
}
