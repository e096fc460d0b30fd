import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { schema } from '../../../client/editor/schema'
import { documentEdgeBindings } from '../../../client/editor/documentEdges'

const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('ab')]), schema.node('paragraph', null, [schema.text('cde')])])

function run(key: string, from: number): TextSelection {
  let state = EditorState.create({ doc, selection: TextSelection.create(doc, from) })
  documentEdgeBindings[key]!(state, (tr: Transaction) => { state = state.apply(tr) })
  return state.selection as TextSelection
}

describe('document edge keys', () => {
  it('Ctrl+End puts the caret after the last character of the document, Ctrl+Home before the first', () => {
    expect(run('Ctrl-End', 2).head).toBe(doc.content.size - 1)
    expect(run('Ctrl-End', 2).empty).toBe(true)
    expect(run('Ctrl-Home', 6).head).toBe(1)
  })

  it('with Shift extends the selection from where it was', () => {
    const toEnd = run('Shift-Ctrl-End', 2)
    expect([toEnd.anchor, toEnd.head]).toEqual([2, doc.content.size - 1])
    const toStart = run('Shift-Ctrl-Home', 6)
    expect([toStart.anchor, toStart.head]).toEqual([6, 1])
  })
})
