import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { updateYFragment, ySyncPluginKey, type ProsemirrorBinding } from 'y-prosemirror'
import * as Y from 'yjs'
import { changedRun } from './fragmentIndex'

/** Most top-level paragraphs one local change may touch for the windowed write; beyond it, y-prosemirror's whole diff. */
export const MAX_WINDOWED_PARAGRAPHS = 64

/** The binding's internals this module reroutes (y-prosemirror 1.3). */
type WindowedBinding = Pick<ProsemirrorBinding, 'mapping' | 'doc' | 'type'> & {
  _prosemirrorChanged: (doc: ProseMirrorNode) => void
  isOMark: Map<unknown, boolean>
}

/**
 * Writes the editor's own changes to the Y.Doc by diffing only the paragraphs that
 * changed, instead of y-prosemirror's updateYFragment over the whole fragment
 * (it lists every top-level child, `toArray()`, and compares them from both ends:
 * O(paragraphs) a keystroke, issue #21), and without y-prosemirror's note of the
 * selection as relative positions after the write (another walk from the start;
 * the note is reset when the transaction ends, unread, as the write is never
 * rendered back).
 *
 * How: it keeps `synced`, the ProseMirror document the fragment was last known to
 * equal (set after each write). ProseMirror shares unchanged nodes between
 * documents, so the paragraphs a transaction touched are those whose node is not
 * the same object as in `synced`: a comparison of references, from both ends (a
 * pointer comparison a paragraph, ~0.1 ms at 30,000). When the number of paragraphs
 * is unchanged (typing, deleting within a paragraph, a replacement) and at most
 * MAX_WINDOWED_PARAGRAPHS changed, each changed paragraph is diffed into its own
 * Y.XmlElement (found from its previous node, ElementIndex) with y-prosemirror's
 * own updateYFragment, so what is written is what the whole
 * diff would write for it. Otherwise (Enter, joining paragraphs, a paste of
 * several, replace all) and whenever `synced` is unknown, the whole diff runs.
 * `synced` is forgotten by `invalidate()`, which the caller calls on every change
 * of the fragment that did not come from this write (remote updates, undo, the
 * composition commit, suggestions) and on every re-render from the Y.Doc.
 */
export function windowedWrites(binding: WindowedBinding, fragment: Y.XmlFragment): {
  invalidate: () => void
  /** Tells of a transaction that changed the fragment: anything but this module's own write forgets `synced`. */
  observed: (transaction: Y.Transaction) => void
} {
  const whole = binding._prosemirrorChanged.bind(binding)
  const elements = new ElementIndex(binding)
  ELEMENT_INDEXES.set(binding.mapping, elements)
  let synced: ProseMirrorNode | null = null
  let own: Y.Transaction | null = null
  binding._prosemirrorChanged = (doc) => {
    const before = synced
    synced = null
    // The binding calls this inside its own transaction: the one the fragment's observers will report.
    own = (binding.doc as Y.Doc & { _transaction: Y.Transaction | null })._transaction
    if (!before || !writeWindow(binding, elements, before, doc)) {
      whole(doc)
      elements.refill(fragment)
    }
    synced = doc
  }
  return {
    invalidate: () => {
      synced = null
    },
    observed: (transaction) => {
      if (transaction !== own) synced = null
    },
  }
}

/**
 * Which Y.XmlElement a paragraph node is synced with: y-prosemirror's mapping the
 * other way round (ProseMirror node → element), so that the element of a changed
 * paragraph is found without walking the fragment to its index (Yjs keeps no
 * index for an XmlFragment's children: get(i) walks from the start). Filled in one
 * pass after each whole diff, kept by each windowed write. A node object found at
 * two elements (ProseMirror may reuse a node, e.g. a slice of the document put
 * back whole) is ambiguous and never looked up; every answer is checked against
 * the mapping (element → node), so a stale entry only means "not known".
 */
class ElementIndex {
  private elements = new WeakMap<ProseMirrorNode, Y.XmlElement>()
  private ambiguous = new WeakSet<ProseMirrorNode>()

  constructor(private readonly binding: Pick<WindowedBinding, 'mapping'>) {}

  refill(fragment: Y.XmlFragment): void {
    this.elements = new WeakMap()
    this.ambiguous = new WeakSet()
    for (const child of fragment.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      const node = this.binding.mapping.get(child)
      if (!node || Array.isArray(node)) continue
      if (this.elements.has(node)) this.ambiguous.add(node)
      else this.elements.set(node, child)
    }
  }

  /** The element `node` is synced with, or null when not known for sure. */
  of(node: ProseMirrorNode): Y.XmlElement | null {
    const element = this.elements.get(node)
    if (!element || this.ambiguous.has(node) || this.binding.mapping.get(element) !== node) return null
    return element
  }

  /** Whether `node` was ever seen here (a node object reused from elsewhere in the document). */
  knows(node: ProseMirrorNode): boolean {
    return this.elements.has(node) || this.ambiguous.has(node)
  }

  set(node: ProseMirrorNode, element: Y.XmlElement): void {
    this.elements.set(node, element)
  }
}

/**
 * Each binding's ElementIndex by the binding's mapping, for the cursor and undo notes
 * (windowedPositions.ts). By binding, not fragment: two panes on one document are two
 * bindings of one fragment, each with its own ProseMirror nodes.
 */
const ELEMENT_INDEXES = new WeakMap<object, ElementIndex>()

/** The Y.XmlElement paragraph `node` is synced with in the binding whose mapping is `mapping`, or null when not known for sure. */
export function syncedElementOf(mapping: object, node: ProseMirrorNode): Y.XmlElement | null {
  return ELEMENT_INDEXES.get(mapping)?.of(node) ?? null
}

/** Writes `after`'s changed paragraphs into the fragment (in sync with `before`); false when the change is not windowed. */
function writeWindow(binding: WindowedBinding, elements: ElementIndex, before: ProseMirrorNode, after: ProseMirrorNode): boolean {
  const count = after.childCount
  if (before.childCount !== count) return false
  // By identity: from the fragments' noted ancestry when typing made one from the
  // other (fragmentIndex.ts), else the child arrays compared from both ends.
  const { start: from, end: to } = changedRun(before, after)
  if (to - from > MAX_WINDOWED_PARAGRAPHS) return false
  const pairs: [Y.XmlElement, ProseMirrorNode][] = []
  for (let index = from; index < to; index++) {
    const element = elements.of(before.child(index))
    const paragraph = after.child(index)
    if (!element || element.nodeName !== paragraph.type.name || elements.knows(paragraph)) return false
    pairs.push([element, paragraph])
  }
  binding.doc.transact(() => {
    for (const [element, paragraph] of pairs) updateYFragment(binding.doc, element, paragraph, binding as never)
  }, ySyncPluginKey)
  for (const [element, paragraph] of pairs) elements.set(paragraph, element)
  binding.mapping.set(binding.type, after)
  return true
}
