import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  APPLY_READING_ORIGIN, applyCollationReading, clearCollationDecision, collationDecisionIdFor, createCollation,
  fragmentOf, listCollationDecisions, listCollations, projectDocument, recordCollationDecision, collationsMap,
} from '../../../doc'
import { docWith, textOf } from '../docHelpers'

// Projection: "one old bridge fell\n\nand then\n\none old bridge fall" — A [0, 19), B [31, 50).
const PARAGRAPHS = ['one old bridge fell', 'and then', 'one old bridge fall']
const WITNESSES = [
  { siglum: 'A', description: 'page 1', start: 0, end: 19 },
  { siglum: 'B', description: 'continuation', start: 31, end: 50 },
]
const READINGS = { A: 'fell', B: 'fall' }

describe('recordCollationDecision', () => {
  it('records who chose which reading and why, under an id derived from the readings, and replaces on a second record', () => {
    const ydoc = docWith(PARAGRAPHS)
    const collation = createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' })
    const id = recordCollationDecision(ydoc, collation, { readings: READINGS, reading: 'B', note: ' the continuation ', author: 'Ana' }, new Date('2026-01-02T00:00:00Z'))
    expect(id).toBe(collationDecisionIdFor(collation, { B: 'fall', A: 'fell' }))
    recordCollationDecision(ydoc, collation, { readings: READINGS, reading: 'edited', text: 'fell down', author: 'Ben' }, new Date('2026-01-03T00:00:00Z'))
    expect(listCollationDecisions(ydoc, collation)).toEqual([{
      id, readings: READINGS, reading: 'edited', text: 'fell down', author: 'Ben',
      created: '2026-01-02T00:00:00.000Z', updated: '2026-01-03T00:00:00.000Z',
    }])
    clearCollationDecision(ydoc, collation, id)
    expect(listCollationDecisions(ydoc, collation)).toEqual([])
  })

  it('throws RangeError for a reading of no witness, readings of other witnesses, or an edited reading without text', () => {
    const ydoc = docWith(PARAGRAPHS)
    const collation = createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' })
    expect(() => recordCollationDecision(ydoc, collation, { readings: READINGS, reading: 'C', author: 'Ana' })).toThrow(RangeError)
    expect(() => recordCollationDecision(ydoc, collation, { readings: { A: 'fell', C: 'fall' }, reading: 'A', author: 'Ana' })).toThrow(RangeError)
    expect(() => recordCollationDecision(ydoc, collation, { readings: READINGS, reading: 'edited', author: 'Ana' })).toThrow(RangeError)
    expect(() => recordCollationDecision(ydoc, 'col-none', { readings: READINGS, reading: 'A', author: 'Ana' })).toThrow(RangeError)
  })
})

describe('applyCollationReading', () => {
  it('writes the chosen reading into the target witness and records the decision as applied, one undo step for both', () => {
    const ydoc = docWith(PARAGRAPHS)
    const collation = createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' })
    const undo = new Y.UndoManager([fragmentOf(ydoc), collationsMap(ydoc)], { trackedOrigins: new Set([APPLY_READING_ORIGIN]) })
    textOf(ydoc, 1).insert(0, '(typed) ') // another edit, not the undo manager's
    const id = applyCollationReading(ydoc, collation, { readings: READINGS, reading: 'B', author: 'Ana', target: 'A', targetRange: { start: 15, end: 19 } }, new Date('2026-01-02T00:00:00Z'))
    expect(projectDocument(ydoc)).toBe('one old bridge fall\n\n(typed) and then\n\none old bridge fall')
    expect(listCollationDecisions(ydoc, collation)[0]).toMatchObject({ id, reading: 'B', text: 'fall', applied: { target: 'A', at: '2026-01-02T00:00:00.000Z' } })
    // The witness still covers its (changed) text.
    const a = listCollations(ydoc)[0].witnesses[0].range!
    expect(projectDocument(ydoc).slice(a.start, a.end)).toBe('one old bridge fall')
    undo.undo()
    expect(projectDocument(ydoc)).toBe('one old bridge fell\n\n(typed) and then\n\none old bridge fall')
    expect(listCollationDecisions(ydoc, collation)).toEqual([])
    const back = listCollations(ydoc)[0].witnesses[0].range!
    expect(projectDocument(ydoc).slice(back.start, back.end)).toBe('one old bridge fell')
  })

  it('inserts a reading where the target witness has none (an empty target range)', () => {
    const ydoc = docWith(PARAGRAPHS)
    const collation = createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' })
    applyCollationReading(ydoc, collation, { readings: { A: null, B: ' fall' }, reading: 'B', author: 'Ana', target: 'A', targetRange: { start: 3, end: 3 } })
    expect(projectDocument(ydoc).split('\n\n')[0]).toBe('one fall old bridge fell')
  })
})
