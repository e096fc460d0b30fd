import { describe, expect, it } from 'vitest'
import { Transform } from 'prosemirror-transform'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { schema } from '../../../client/editor/schema'
import { sameDecorations } from '../../../client/editor/sameDecorations'

const doc = schema.node('doc', null, ['first paragraph of text', 'second paragraph of text'].map((text) => schema.node('paragraph', null, schema.text(text))))
const span = (from: number, to: number, key: string) => Decoration.inline(from, to, { class: key }, { key })
const widget = (at: number, key: string) => Decoration.widget(at, () => document.createElement('span'), { key })
const set = (...decorations: Decoration[]) => DecorationSet.create(doc, decorations)

describe('sameDecorations', () => {
  it('is true for the same decorations at the same places, made apart and in any order', () => {
    expect(sameDecorations(set(span(2, 6, 'a'), span(4, 9, 'b'), widget(2, 'w'), span(27, 30, 'c')), set(span(27, 30, 'c'), widget(2, 'w'), span(4, 9, 'b'), span(2, 6, 'a')))).toBe(true)
    expect(sameDecorations(DecorationSet.empty, set())).toBe(true)
  })

  it('is false when a decoration moved, changed its key, or one more or fewer is drawn', () => {
    const drawn = set(span(2, 6, 'a'), widget(2, 'w'))
    expect(sameDecorations(drawn, set(span(2, 7, 'a'), widget(2, 'w')))).toBe(false)
    expect(sameDecorations(drawn, set(span(3, 6, 'a'), widget(2, 'w')))).toBe(false)
    expect(sameDecorations(drawn, set(span(2, 6, 'a ann-selected'), widget(2, 'w')))).toBe(false)
    expect(sameDecorations(drawn, set(span(2, 6, 'a'), widget(3, 'w')))).toBe(false)
    expect(sameDecorations(drawn, set(span(2, 6, 'a')))).toBe(false)
    expect(sameDecorations(drawn, set(span(2, 6, 'a'), widget(2, 'w'), span(27, 30, 'c')))).toBe(false)
  })

  it('never takes decorations without a key for the same, even the very same ones twice', () => {
    const plain = Decoration.inline(2, 6, { class: 'x' })
    expect(sameDecorations(set(plain), set(plain))).toBe(false)
  })

  it('compares a set mapped through an edit by where its decorations are now', () => {
    // Two characters typed at 4, inside "a": mapped, it covers 2–8, as a rebuild would draw it.
    const typed = new Transform(doc).insert(4, schema.text('xx'))
    const mapped = set(span(2, 6, 'a'), span(27, 30, 'c')).map(typed.mapping, typed.doc)
    const rebuilt = (...decorations: Decoration[]) => DecorationSet.create(typed.doc, decorations)
    expect(sameDecorations(mapped, rebuilt(span(2, 8, 'a'), span(29, 32, 'c')))).toBe(true)
    expect(sameDecorations(mapped, rebuilt(span(2, 6, 'a'), span(29, 32, 'c')))).toBe(false)
  })
})
