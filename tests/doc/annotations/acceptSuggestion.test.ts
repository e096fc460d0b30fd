import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { acceptSuggestion, annotationsMap, commonEnds, createAnnotation, FragmentText, fragmentOf, mapRangeThroughReplacement, readAnnotation, readEdition, resolveAnnotation } from '../../../doc'
import { exportEdition } from '../../../core/export'
import { buildSourceMap } from '../../../core/text'
import { docWith, textOf } from '../docHelpers'

/** The text an annotation covers now, or null when orphaned. */
function covered(ydoc: Y.Doc, id: string): string | null {
  const text = new FragmentText(fragmentOf(ydoc))
  const resolution = resolveAnnotation(ydoc, text, annotationsMap(ydoc).get(id)!)
  return resolution.status === 'anchored' ? text.projection.slice(resolution.start, resolution.end) : null
}

function projection(ydoc: Y.Doc): string {
  return new FragmentText(fragmentOf(ydoc)).projection
}

/** A suggestion on the first `quote` of the text, and notes on the given quotes; ids: 's', 'n0', 'n1', … */
function setUp(paragraphs: string[], quote: string, replacement: string, notes: string[]): Y.Doc {
  const ydoc = docWith(paragraphs, 1)
  const text = projection(ydoc)
  const at = text.indexOf(quote)
  createAnnotation(ydoc, { id: 's', type: 'suggestion', author: 'A', start: at, end: at + quote.length, suggestion: replacement })
  notes.forEach((note, i) => {
    const start = text.indexOf(note)
    createAnnotation(ydoc, { id: `n${i}`, type: 'note', author: 'B', start, end: start + note.length })
  })
  return ydoc
}

describe('commonEnds and mapRangeThroughReplacement', () => {
  it('keeps the common prefix and suffix, never overlapping', () => {
    expect(commonEnds('自已', '自己')).toEqual({ prefix: 1, suffix: 0 })
    expect(commonEnds('recieve', 'receive')).toEqual({ prefix: 3, suffix: 2 })
    expect(commonEnds('的的', '的')).toEqual({ prefix: 1, suffix: 0 })
    expect(commonEnds('abc', '')).toEqual({ prefix: 0, suffix: 0 })
  })

  it('moves ranges by the rule: a range that covered old words covers the new ones', () => {
    // "自已的事情": "已" at [1, 2) replaced by "己" (1 unit) or "个儿" (2 units).
    expect(mapRangeThroughReplacement({ start: 1, end: 5 }, 1, 2, 1)).toEqual({ start: 1, end: 5 })
    expect(mapRangeThroughReplacement({ start: 1, end: 5 }, 1, 2, 2)).toEqual({ start: 1, end: 6 })
    expect(mapRangeThroughReplacement({ start: 0, end: 2 }, 1, 2, 2)).toEqual({ start: 0, end: 3 })
    expect(mapRangeThroughReplacement({ start: 3, end: 5 }, 1, 2, 2)).toEqual({ start: 4, end: 6 })
    // A range inside the replaced text covers all of the new text; nothing left when it is empty.
    expect(mapRangeThroughReplacement({ start: 2, end: 3 }, 1, 4, 2)).toEqual({ start: 1, end: 3 })
    expect(mapRangeThroughReplacement({ start: 2, end: 3 }, 1, 4, 0)).toBeNull()
    // A pure insertion widens a range holding it, not one it only touches.
    expect(mapRangeThroughReplacement({ start: 0, end: 4 }, 2, 2, 3)).toEqual({ start: 0, end: 7 })
    expect(mapRangeThroughReplacement({ start: 2, end: 4 }, 2, 2, 3)).toEqual({ start: 5, end: 7 })
    expect(mapRangeThroughReplacement({ start: 0, end: 2 }, 2, 2, 3)).toEqual({ start: 0, end: 2 })
  })
})

describe('acceptSuggestion', () => {
  // #18: accepting 自已→自己 left the suggestion on "自" and shrank an overlapping annotation.
  it('replaces only the differing middle and keeps the suggestion and overlapping notes on the successor text', () => {
    const ydoc = setUp(['坚持办好自已的事情。', '第二段。'], '自已', '自己', ['自已的事情', '已的事', '办好', '第二段'])
    const outcome = acceptSuggestion(ydoc, 's')
    expect(outcome).toEqual({ status: 'accepted', replaced: { start: 5, end: 6 }, inserted: '己', reanchored: ['s', 'n0', 'n1'] })
    expect(projection(ydoc)).toBe('坚持办好自己的事情。\n\n第二段。')
    expect(['s', 'n0', 'n1', 'n2', 'n3'].map((id) => covered(ydoc, id))).toEqual(['自己', '自己的事情', '己的事', '办好', '第二段'])
    const s = readAnnotation(annotationsMap(ydoc).get('s')!)
    expect(s.suggestion).toEqual({ text: '自己', state: 'accepted', original: '自已' })
    expect(s.status).toBe('resolved')
    expect(s.anchor.quote.exact).toBe('自己')
    // The ranges are relative positions on the new text: typing elsewhere keeps them.
    textOf(ydoc, 0).insert(0, '我们')
    expect(['s', 'n0', 'n1'].map((id) => covered(ydoc, id))).toEqual(['自己', '自己的事情', '己的事'])
  })

  it('handles a longer, a shorter and an empty replacement in English, with several overlapping notes', () => {
    const longer = setUp(['We recieve the goods today.'], 'recieve', 'do receive', ['We recieve', 'recieve the goods', 'ie', 'goods'])
    // "recieve" → "do receive": the common suffix "ve" stays, "recie" becomes "do recei".
    expect(acceptSuggestion(longer, 's')).toMatchObject({ status: 'accepted', inserted: 'do recei', replaced: { start: 3, end: 8 } })
    expect(projection(longer)).toBe('We do receive the goods today.')
    // "ie" lay inside the replaced letters: it covers all of their successor.
    expect(['s', 'n0', 'n1', 'n2', 'n3'].map((id) => covered(longer, id))).toEqual(['do receive', 'We do receive', 'do receive the goods', 'do recei', 'goods'])

    const shorter = setUp(['The the goods arrived.'], 'The the', 'The', ['the goods', 'The the goods arrived.'])
    acceptSuggestion(shorter, 's')
    expect(projection(shorter)).toBe('The goods arrived.')
    // The minimal change deletes " the" after "The": the note on "the goods" keeps what is left of it.
    expect(['s', 'n0', 'n1'].map((id) => covered(shorter, id))).toEqual(['The', ' goods', 'The goods arrived.'])

    const empty = setUp(['Keep this. Drop this. Keep that.'], ' Drop this.', '', ['this. Drop', 'Keep that.'])
    expect(acceptSuggestion(empty, 's')).toMatchObject({ status: 'accepted', inserted: '' })
    expect(projection(empty)).toBe('Keep this. Keep that.')
    expect(covered(empty, 'n0')).toBe('this.')
    expect(covered(empty, 'n1')).toBe('Keep that.')
    expect(readAnnotation(annotationsMap(empty).get('s')!).suggestion).toEqual({ text: '', state: 'accepted', original: ' Drop this.' })
  })

  it('joins paragraphs for a layout-break fix and keeps notes in the moved tail on their words', () => {
    const ydoc = setUp(['会谈中，双方就人文交', '流，推动务实合作。'], '交\n\n流', '交流', ['人文交\n\n流', '推动务实'])
    textOf(ydoc, 1).format(0, 1, { bold: true })
    expect(acceptSuggestion(ydoc, 's')).toMatchObject({ status: 'accepted', replaced: { start: 10, end: 12 }, inserted: '' })
    expect(projection(ydoc)).toBe('会谈中，双方就人文交流，推动务实合作。')
    expect(['s', 'n0', 'n1'].map((id) => covered(ydoc, id))).toEqual(['交流', '人文交流', '推动务实'])
    expect(fragmentOf(ydoc).length).toBe(1)
    // The moved text keeps its formatting.
    expect((textOf(ydoc, 0).toDelta() as Array<{ insert: string; attributes?: object }>).find((op) => op.attributes)).toEqual({ insert: '流', attributes: { bold: true } })
  })

  it('changes nothing for an orphaned suggestion or one that would split a paragraph, and throws for misuse', () => {
    const ydoc = setUp(['abc def'], 'def', 'd\n\nef', [])
    expect(acceptSuggestion(ydoc, 's')).toEqual({ status: 'unsupported', reason: 'the new text would split a paragraph' })
    expect(projection(ydoc)).toBe('abc def')
    textOf(ydoc, 0).delete(3, 4)
    expect(acceptSuggestion(ydoc, 's')).toEqual({ status: 'orphaned' })
    expect(() => acceptSuggestion(ydoc, 'nope')).toThrow(RangeError)
    const done = setUp(['abc def'], 'def', 'DEF', [])
    acceptSuggestion(done, 's')
    expect(() => acceptSuggestion(done, 's')).toThrow(/no open suggestion/)
  })

  it('is one undoable step for an undo manager tracking its origin over the text and the annotations (as the editor sets it up)', () => {
    const ydoc = setUp(['坚持办好自已的事情。'], '自已', '自己', ['已的事'])
    const origin = { editor: 'Bob' }
    const undo = new Y.UndoManager([fragmentOf(ydoc), annotationsMap(ydoc)], { trackedOrigins: new Set([origin]) })
    acceptSuggestion(ydoc, 's', origin)
    expect(projection(ydoc)).toBe('坚持办好自己的事情。')
    undo.undo()
    expect(projection(ydoc)).toBe('坚持办好自已的事情。')
    expect(['s', 'n0'].map((id) => covered(ydoc, id))).toEqual(['自已', '已的事'])
    expect(readAnnotation(annotationsMap(ydoc).get('s')!).suggestion?.state).toBe('open')
    undo.redo()
    expect(projection(ydoc)).toBe('坚持办好自己的事情。')
    expect(readAnnotation(annotationsMap(ydoc).get('s')!).suggestion?.state).toBe('accepted')
  })

  it('converges: a peer that receives the update sees the same text and ranges', () => {
    const ydoc = setUp(['坚持办好自已的事情。'], '自已', '自己', ['已的事'])
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(ydoc))
    ydoc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update))
    acceptSuggestion(ydoc, 's')
    expect(projection(peer)).toBe('坚持办好自己的事情。')
    expect(['s', 'n0'].map((id) => covered(peer, id))).toEqual(['自己', '己的事'])
  })

  it('gives the whole new reading as the TEI corr of the sample typo', () => {
    const sample = buildSourceMap(readFileSync(new URL('../../../documents/china-central-asia-summit-2025-06-17.txt', import.meta.url), 'utf8')).projection
    const ydoc = docWith(sample.split('\n\n'), 1)
    const at = sample.indexOf('自已')
    createAnnotation(ydoc, { id: 's', type: 'typo', author: 'A', start: at, end: at + 2, suggestion: '自己' })
    createAnnotation(ydoc, { id: 'n', type: 'note', author: 'B', start: at + 1, end: at + 6 })
    acceptSuggestion(ydoc, 's')
    const tei = exportEdition('tei', readEdition(ydoc, { id: 'd', title: 'T', createdAt: '2026-12-07T00:00:00.000Z' }, undefined, new Date('2026-12-07T00:00:00.000Z')))
    // The corr is the whole new reading; the note that now starts at 己 puts its anchor inside it.
    expect(tei).toContain('办好<anchor xml:id="ann-s-s"/><choice><sic>自已</sic><corr resp="#ed-1">自<anchor xml:id="ann-n-s"/>己</corr></choice><anchor xml:id="ann-s-e"/>的事情，<anchor xml:id="ann-n-e"/>')
    expect(covered(ydoc, 'n')).toBe(sample.slice(at + 1, at + 6).replace('已', '己'))
  })
})
