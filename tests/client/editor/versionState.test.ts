import { describe, expect, it } from 'vitest'
import type { Decoration } from 'prosemirror-view'
import { AnnotationStore } from '../../../client/annotations/annotationStore'
import { versionEditorState } from '../../../client/editor/versionState'
import type { ChangeSpan } from '../../../client/versions/versionChanges'
import { createAnnotation } from '../../../doc'
import { docWith } from '../../doc/docHelpers'

const colorOf = (author: string | null): string => (author === 'Alice' ? '#be123c' : author === 'Bob' ? '#1d4ed8' : '#6b6b6b')

/** Every decoration of the state's one plugin, in document order, as [kind, from, to, what]. */
function drawn(state: ReturnType<typeof versionEditorState>): [string, number, number, string][] {
  const set = state.plugins[0].props.decorations!.call(state.plugins[0], state)
  const all = (set as unknown as { find(): Decoration[] }).find()
  return all
    .map((d): [string, number, number, string] => {
      const attrs = (d as unknown as { type: { attrs?: Record<string, string> } }).type.attrs
      if (attrs) return ['inline', d.from, d.to, `${attrs.class}|${attrs.style}|${attrs['data-author'] ?? attrs['data-annotations'] ?? ''}`]
      const spec = d.spec as { id?: string; key?: string }
      return ['widget', d.from, d.to, spec.id ?? spec.key ?? '']
    })
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]) || a[3].localeCompare(b[3]))
}

describe('versionEditorState', () => {
  it('shows the version\'s text read-only in the editor schema, additions per author, deletions as widgets', () => {
    const text = 'One Alice two.\n\nBob.'
    const spans: ChangeSpan[] = [
      { kind: 'same', text: 'One ', at: 0, author: null },
      { kind: 'added', text: 'Alice ', at: 4, author: 'Alice' },
      { kind: 'deleted', text: 'old ', at: 10, author: null },
      { kind: 'same', text: 'two.', at: 10, author: null },
      // An addition across a paragraph break is coloured in each paragraph, the break left out.
      { kind: 'added', text: '\n\nBob.', at: 14, author: 'Bob' },
    ]
    const state = versionEditorState(text, spans, [], colorOf)
    expect(state.doc.childCount).toBe(2)
    expect(state.doc.child(0).textContent).toBe('One Alice two.')
    expect(state.doc.child(1).textContent).toBe('Bob.')
    expect(drawn(state)).toEqual([
      // Projection offset o is ProseMirror position o + 1.
      ['inline', 5, 11, 'version-added|--author: #be123c|Alice'],
      ['widget', 11, 11, 'version-deleted:old '],
      ['inline', 17, 21, 'version-added|--author: #1d4ed8|Bob'],
    ])
  })

  it('draws the version\'s annotations as the editor does', () => {
    const ydoc = docWith(['First paragraph.', 'Second one.'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'ana', start: 6, end: 15, comment: 'then' })
    const store = new AnnotationStore(ydoc, null)
    const annotations = store.list()
    store.destroy()
    const state = versionEditorState('First paragraph.\n\nSecond one.', [{ kind: 'same', text: 'First paragraph.\n\nSecond one.', at: 0, author: null }], annotations, colorOf)
    const shown = drawn(state)
    expect(shown.filter(([kind]) => kind === 'inline').map(([, from, to, what]) => [from, to, ...what.split('|')]))
      // One flat span; without a DOM (no adopted stylesheet) its colours are declared in a style attribute.
      .toEqual([[7, 16, 'ann ann-d1 ann-t1', '--ann-u0: linear-gradient(#1a5fb4, #1a5fb4); --ann-color: #1a5fb4;', id]])
    // And the label widget with the type's name at its start.
    expect(shown.filter(([kind]) => kind === 'widget')).toEqual([['widget', 7, 7, id]])
  })

  it('throws RangeError for a change outside the version\'s text', () => {
    expect(() => versionEditorState('Short.', [{ kind: 'added', text: 'beyond', at: 10, author: 'Bob' }], [], colorOf)).toThrow(RangeError)
  })
})
