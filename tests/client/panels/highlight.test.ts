import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { schema } from '../../../client/editor/schema'
import { highlightKey, highlightOf, highlightPlugin } from '../../../client/editor/highlight'

function stateOf(paragraphs: string[]): EditorState {
  const doc = schema.node('doc', null, paragraphs.map((text) => schema.node('paragraph', null, text ? schema.text(text) : undefined)))
  return EditorState.create({ schema, doc, plugins: [highlightPlugin()] })
}

describe('highlightPlugin', () => {
  it('turns projection offsets into decorations, the current one marked', () => {
    let state = stateOf(['abcd', 'efgh'])
    state = state.apply(state.tr.setMeta(highlightKey, { set: { source: 'duplicates', ranges: [{ start: 0, end: 2 }, { start: 6, end: 8 }], current: 1 } }))
    const value = highlightOf(state)!
    expect(value.ranges).toEqual([{ from: 1, to: 3 }, { from: 7, to: 9 }])
    const found = value.decorations.find().map((d) => [d.from, d.to, (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class])
    expect(found).toEqual([[1, 3, 'hl'], [7, 9, 'hl hl-current']])
  })

  it('keeps the ranges on their words through later edits', () => {
    let state = stateOf(['abcd', 'efgh'])
    state = state.apply(state.tr.setMeta(highlightKey, { set: { source: 'checks', ranges: [{ start: 6, end: 8 }], current: 0 } }))
    state = state.apply(state.tr.insertText('XYZ', 1))
    const { from, to } = highlightOf(state)!.ranges[0]
    expect(state.doc.textBetween(from, to)).toBe('ef')
  })

  it('clears only the source that owns the highlights', () => {
    let state = stateOf(['abcd'])
    state = state.apply(state.tr.setMeta(highlightKey, { set: { source: 'checks', ranges: [{ start: 0, end: 2 }], current: 0 } }))
    state = state.apply(state.tr.setMeta(highlightKey, { clear: 'duplicates' }))
    expect(highlightOf(state)!.ranges).toHaveLength(1)
    state = state.apply(state.tr.setMeta(highlightKey, { clear: 'checks' }))
    expect(highlightOf(state)!.ranges).toHaveLength(0)
  })

  it('clamps stale offsets into the document instead of throwing', () => {
    let state = stateOf(['ab'])
    state = state.apply(state.tr.setMeta(highlightKey, { set: { source: 'checks', ranges: [{ start: 1, end: 40 }], current: 0 } }))
    expect(highlightOf(state)!.ranges).toEqual([{ from: 2, to: 3 }])
  })
})
