/**
 * Page of tests/browser/narrowDocUpdate.test.ts (bundled with esbuild): two
 * editors over the same paragraphs, the same decoration plugin and a paragraph
 * node view, one with the narrow view update (client/editor/narrowDocUpdate.ts)
 * and one with ProseMirror's own. The test applies the same edits to both and
 * compares what they draw.
 */
import { EditorState, Plugin, PluginKey, TextSelection, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, EditorView, type NodeView } from 'prosemirror-view'
import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { schema } from '../../../client/editor/schema'
import { narrowDocUpdateCounts, narrowDocUpdates } from '../../../client/editor/narrowDocUpdate'

/** A decoration change, applied the same way in both editors. */
type DecorationChange =
  | { kind: 'node'; paragraph: number; className: string }
  | { kind: 'inline'; from: number; to: number; className: string }
  | { kind: 'widget'; pos: number }
  | { kind: 'clear' }

/** An edit, as positions in the document both editors hold. */
export type Edit =
  | { kind: 'insert'; pos: number; text: string }
  | { kind: 'delete'; from: number; to: number }
  | { kind: 'split'; pos: number }
  | { kind: 'select'; anchor: number; head: number }
  | { kind: 'decorate'; change: DecorationChange }

const decorationKey = new PluginKey<DecorationSet>('testDecorations')

/** Decorations mapped through every edit (as the workspace's plugins keep theirs), changed by meta. */
function decorationPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: decorationKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set, _old, state) {
        const mapped = set.map(tr.mapping, tr.doc)
        const change = tr.getMeta(decorationKey) as DecorationChange | undefined
        if (!change) return mapped
        if (change.kind === 'clear') return DecorationSet.empty
        if (change.kind === 'node') {
          let pos = 0
          for (let i = 0; i < change.paragraph; i++) pos += state.doc.child(i).nodeSize
          return mapped.add(state.doc, [Decoration.node(pos, pos + state.doc.child(change.paragraph).nodeSize, { class: change.className })])
        }
        if (change.kind === 'inline') return mapped.add(state.doc, [Decoration.inline(change.from, change.to, { class: change.className })])
        return mapped.add(state.doc, [Decoration.widget(change.pos, () => Object.assign(document.createElement('span'), { className: 'test-widget', textContent: '¶' }))])
      },
    },
    props: { decorations: (state) => decorationKey.getState(state) },
  })
}

/** A paragraph node view that keeps itself across updates, as the bounded surface's do. */
class ParagraphView implements NodeView {
  dom: HTMLElement
  contentDOM: HTMLElement
  constructor(private node: ProseMirrorNode) {
    this.dom = this.contentDOM = document.createElement('p')
  }
  update(node: ProseMirrorNode): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    return true
  }
}

function editor(mount: HTMLElement, paragraphs: readonly string[]): EditorView {
  const doc = schema.node('doc', null, paragraphs.map((text) => schema.nodes.paragraph.create(null, text ? schema.text(text) : null)))
  return new EditorView(mount, {
    state: EditorState.create({ doc, plugins: [decorationPlugin()] }),
    nodeViews: { paragraph: (node) => new ParagraphView(node) },
  })
}

function transaction(view: EditorView, edit: Edit): Transaction {
  const tr = view.state.tr
  switch (edit.kind) {
    case 'insert': return tr.insertText(edit.text, edit.pos)
    case 'delete': return tr.delete(edit.from, edit.to)
    case 'split': return tr.split(edit.pos)
    case 'select': return tr.setSelection(TextSelection.create(tr.doc, edit.anchor, edit.head))
    case 'decorate': return tr.setMeta(decorationKey, edit.change)
  }
}

const w = window as unknown as {
  __setUp(paragraphs: string[]): boolean
  __apply(edit: Edit): void
  __drawn(): { narrow: string; stock: string; childViews: number; paragraphs: number }
  __doc(): { size: number; paragraphs: number[] }
  __counts(): { narrow: number; stock: number }
  __lookups(): string[]
  __selection(): string
  narrowView: EditorView
  stockView: EditorView
}

w.__setUp = (paragraphs) => {
  w.narrowView = editor(document.querySelector('#narrow')!, paragraphs)
  w.stockView = editor(document.querySelector('#stock')!, paragraphs)
  return narrowDocUpdates(w.narrowView)
}
w.__apply = (edit) => {
  for (const view of [w.narrowView, w.stockView]) view.dispatch(transaction(view, edit))
}
w.__drawn = () => ({
  narrow: w.narrowView.dom.innerHTML,
  stock: w.stockView.dom.innerHTML,
  childViews: (w.narrowView as unknown as { docView: { children: unknown[] } }).docView.children.length,
  paragraphs: w.narrowView.state.doc.childCount,
})
w.__doc = () => {
  const sizes: number[] = []
  w.narrowView.state.doc.forEach((node) => sizes.push(node.nodeSize))
  return { size: w.narrowView.state.doc.content.size, paragraphs: sizes }
}
w.__counts = () => ({ ...narrowDocUpdateCounts })

/** Where a DOM point is, as child indices from the editor down, and the offset. */
function pathOf(root: Node, node: Node | null, offset: number): string {
  const path: number[] = []
  for (let at = node; at && at !== root; at = at.parentNode) path.unshift([...at.parentNode!.childNodes].indexOf(at as ChildNode))
  return `${path.join('/')}:${offset}`
}

interface Looked { domFromPos(pos: number, side: number): { node: Node; offset: number }; descAt(pos: number): unknown; parseRange(from: number, to: number, base: number): { node: Node }; posBeforeChild(child: unknown): number; children: unknown[] }

/**
 * The patched view's position look-ups (docChildPositions.ts) against ProseMirror's own
 * methods on the same view, at every position: the differences found, none expected.
 */
w.__lookups = () => {
  const docView = (w.narrowView as unknown as { docView: Looked }).docView
  const stock = Object.getPrototypeOf(docView) as Looked
  const differences: string[] = []
  if (!Object.prototype.hasOwnProperty.call(docView, 'domFromPos')) differences.push('look-ups not installed')
  const size = w.narrowView.state.doc.content.size
  for (let pos = 0; pos <= size; pos++) {
    for (const side of [-1, 1]) {
      const a = docView.domFromPos(pos, side)
      const b = stock.domFromPos.call(docView, pos, side)
      if (a.node !== b.node || a.offset !== b.offset) differences.push(`domFromPos(${pos}, ${side})`)
    }
    if (pos < size && docView.descAt(pos) !== stock.descAt.call(docView, pos)) differences.push(`descAt(${pos})`)
    for (const to of [pos, Math.min(size, pos + 3)]) {
      const a = docView.parseRange(pos, to, 0)
      const b = stock.parseRange.call(docView, pos, to, 0)
      if (JSON.stringify({ ...a, node: null }) !== JSON.stringify({ ...b, node: null }) || a.node !== b.node) differences.push(`parseRange(${pos}, ${to})`)
    }
  }
  for (const child of docView.children) if (docView.posBeforeChild(child) !== stock.posBeforeChild.call(docView, child)) differences.push('posBeforeChild')
  return differences
}

/** The DOM selection of the focused editor, as a path in it. */
w.__selection = () => {
  const selection = document.getSelection()!
  const view = w.narrowView.hasFocus() ? w.narrowView : w.stockView
  return `${pathOf(view.dom, selection.anchorNode, selection.anchorOffset)} ${pathOf(view.dom, selection.focusNode, selection.focusOffset)}`
}
