import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { ProsemirrorBinding, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { seededRandom } from '../../../bench/seededRandom'
import { DOC_MODEL, projectDocument } from '../../../doc'
import { schema } from '../../../client/editor/schema'
import { windowedWrites } from '../../../client/editor/windowedSync'
import { windowedRelativePosition } from '../../../client/editor/windowedPositions'
import { absolutePositionToRelativePosition } from 'y-prosemirror'
import { docWith } from '../../doc/docHelpers'

/** The plain text of a ProseMirror document as the projection has it. */
const textOf = (doc: ProseMirrorNode) => Array.from({ length: doc.childCount }, (_, i) => doc.child(i).textContent).join('\n\n')

/**
 * An editor's binding without a DOM: y-prosemirror's ProsemirrorBinding on `ydoc`'s
 * fragment, its writes windowed, a state standing in for the view. `type` applies
 * a local ProseMirror transaction and writes it as the sync plugin does (one Yjs
 * transaction with the plugin's origin around _prosemirrorChanged); a change of the
 * fragment from elsewhere is rendered back (from the Y.Doc), as _typeChanged does.
 */
function boundEditor(ydoc: Y.Doc) {
  const fragment = ydoc.getXmlFragment(DOC_MODEL.fragment)
  const binding = new ProsemirrorBinding(fragment) as ProsemirrorBinding & { _prosemirrorChanged: (doc: ProseMirrorNode) => void }
  let wholeDiffs = 0
  const stock = binding._prosemirrorChanged.bind(binding)
  binding._prosemirrorChanged = (doc) => {
    wholeDiffs++
    stock(doc)
  }
  const windowed = windowedWrites(binding as never, fragment)
  const view = { state: EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment, schema) }) }
  ;(binding as unknown as { prosemirrorView: unknown }).prosemirrorView = view
  let writing = false
  fragment.observeDeep((_events, transaction) => {
    windowed.observed(transaction)
    if (writing) return
    view.state = view.state.apply(view.state.tr.replaceWith(0, view.state.doc.content.size, yXmlFragmentToProseMirrorRootNode(fragment, schema).content))
  })
  return {
    fragment,
    binding,
    get doc() {
      return view.state.doc
    },
    get wholeDiffs() {
      return wholeDiffs
    },
    type(change: (tr: Transaction) => void) {
      const tr = view.state.tr
      change(tr)
      view.state = view.state.apply(tr)
      writing = true
      try {
        ydoc.transact(() => binding._prosemirrorChanged(view.state.doc), 'y-sync$')
      } finally {
        writing = false
      }
    },
  }
}

describe('windowedWrites', () => {
  it('writes typing in one paragraph without the whole diff, and what it writes reaches a stock Yjs client', () => {
    const ydoc = docWith(['第一段', 'second', 'third'], 1)
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc))
    ydoc.on('update', (update: Uint8Array) => Y.applyUpdate(other, update))
    const editor = boundEditor(ydoc)
    editor.type((tr) => tr.insertText('X', 1)) // first write: nothing known yet, the whole diff
    expect(editor.wholeDiffs).toBe(1)
    const start = editor.doc.child(0).nodeSize + 1
    editor.type((tr) => tr.insertText('the ', start))
    editor.type((tr) => tr.delete(start + 3, start + 4))
    editor.type((tr) => tr.insertText('！', editor.doc.content.size - 1))
    expect(editor.wholeDiffs).toBe(1)
    expect(projectDocument(ydoc)).toBe('X第一段\n\nthesecond\n\nthird！')
    expect(projectDocument(other)).toBe(projectDocument(ydoc))
    // Enter changes the number of paragraphs: the whole diff.
    editor.type((tr) => tr.split(start + 3))
    expect(editor.wholeDiffs).toBe(2)
    expect(projectDocument(other)).toBe('X第一段\n\nthe\n\nsecond\n\nthird！')
  })

  it('forgets what it knew when the fragment changes from elsewhere, then diffs the whole once', () => {
    const ydoc = docWith(['ab', 'cd', 'ef'], 1)
    const editor = boundEditor(ydoc)
    editor.type((tr) => tr.insertText('1', 1))
    const remote = new Y.Doc()
    remote.clientID = 2
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc))
    ;((remote.getXmlFragment(DOC_MODEL.fragment).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'R')
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(ydoc)))
    expect(textOf(editor.doc)).toBe('1ab\n\ncd\n\nRef')
    const before = editor.wholeDiffs
    editor.type((tr) => tr.insertText('2', 1))
    expect(editor.wholeDiffs).toBe(before + 1)
    editor.type((tr) => tr.insertText('3', 1))
    expect(editor.wholeDiffs).toBe(before + 1)
    expect(projectDocument(ydoc)).toBe('321ab\n\ncd\n\nRef')
  })

  it('converges with stock Yjs clients over a seeded run of local and remote edits', () => {
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed)
      const pick = (n: number) => Math.floor(random() * n)
      const paragraphs = Array.from({ length: 40 }, (_, i) => `段落${i}：${'文字'.repeat(1 + pick(5))}`)
      const ydoc = docWith(paragraphs, 1)
      const remote = new Y.Doc()
      remote.clientID = 2
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc))
      const editor = boundEditor(ydoc)
      let writes = 0
      const type = editor.type.bind(editor)
      editor.type = (change) => {
        writes++
        type(change)
      }
      const exchange = () => {
        Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(remote)))
        Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(ydoc)))
      }
      for (let step = 0; step < 300; step++) {
        const doc = editor.doc
        const index = pick(doc.childCount)
        let start = 1
        for (let i = 0; i < index; i++) start += doc.child(i).nodeSize
        const length = doc.child(index).content.size
        const at = start + pick(length + 1)
        const roll = random()
        if (roll < 0.45) editor.type((tr) => tr.insertText('字a'[pick(2)], at))
        else if (roll < 0.6 && length > 0) {
          const from = start + pick(length)
          editor.type((tr) => tr.delete(from, from + 1))
        }
        else if (roll < 0.66) editor.type((tr) => tr.split(at))
        else if (roll < 0.7 && index > 0) editor.type((tr) => tr.join(start - 1))
        else if (roll < 0.74) editor.type((tr) => tr.setSelection(TextSelection.create(doc, at, Math.min(doc.content.size - 1, at + 40))).replaceSelectionWith(schema.text('替')))
        else if (roll < 0.9) {
          const fragment = remote.getXmlFragment(DOC_MODEL.fragment)
          const element = fragment.get(pick(fragment.length)) as Y.XmlElement
          const text = element.get(0)
          if (text instanceof Y.XmlText) text.insert(pick(text.length + 1), 'R')
          exchange()
        } else exchange()
        expect(textOf(editor.doc), `seed ${seed} step ${step}`).toBe(projectDocument(ydoc))
      }
      exchange()
      expect(projectDocument(remote)).toBe(projectDocument(ydoc))
      expect(textOf(editor.doc)).toBe(projectDocument(ydoc))
      // Most writes took the window: only the first, structural ones and those after a remote change did not.
      expect(editor.wholeDiffs, `seed ${seed}`).toBeLessThan(writes / 2)
    }
  })
})

describe('windowedRelativePosition', () => {
  it('gives the relative position y-prosemirror gives, for every position of a synced document', () => {
    const ydoc = docWith(['ab', '', 'cde', 'f'], 1)
    const editor = boundEditor(ydoc)
    editor.type((tr) => tr.insertText('x', editor.doc.content.size - 1))
    const { doc, fragment, binding } = editor
    for (let pos = 0; pos <= doc.content.size; pos++) {
      const expected = absolutePositionToRelativePosition(pos, fragment, binding.mapping)
      expect(Y.compareRelativePositions(windowedRelativePosition(pos, doc, fragment, binding.mapping as never), expected), `position ${pos}`).toBe(true)
    }
  })
})
