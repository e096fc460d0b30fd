import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { exportEdition } from '../../../core/export'
import {
  APPLY_READING_ORIGIN, applyCollationReading, collationsMap, createCollation, fragmentOf, listCollationDecisions, listCollations, projectDocument,
  readEdition, type DocumentLookup,
} from '../../../doc'
import { docWith, textOf } from '../docHelpers'

// This document: "one old bridge fell\n\nand then" — A [0, 19).
// The other document "doc-2": "one old bridge fall\n\nby the river" — B [0, 19), or all of it.
const HERE = ['one old bridge fell', 'and then']
const THERE = ['one old bridge fall', 'by the river']

function workspace(): { here: Y.Doc; there: Y.Doc; lookup: DocumentLookup } {
  const here = docWith(HERE, 1)
  const there = docWith(THERE, 2)
  return { here, there, lookup: (id) => (id === 'doc-2' ? there : null) }
}

/** A collation of this document's [0, 19) as A and all of doc-2 as B ("other print"); returns its id. */
function collateWithWholeOther(here: Y.Doc, lookup: DocumentLookup): string {
  return createCollation(here, {
    author: 'Ana',
    witnesses: [
      { siglum: 'A', description: 'page 1', start: 0, end: 19 },
      { siglum: 'B', description: 'other print', documentId: 'doc-2', whole: true, start: 0, end: 0 },
    ],
  }, undefined, lookup)
}

/** Each witness's current text read from its own document; null where it has none. */
function witnessTexts(here: Y.Doc, lookup: DocumentLookup): (string | null)[] {
  return listCollations(here, undefined, lookup)[0].witnesses.map((w) => {
    const doc = w.documentId === undefined ? here : lookup(w.documentId)
    return w.range && doc ? projectDocument(doc).slice(w.range.start, w.range.end) : null
  })
}

describe('witnesses in other documents', () => {
  it('anchors a range of another document in that document and follows edits there', () => {
    const { here, there, lookup } = workspace()
    createCollation(here, {
      author: 'Ana',
      witnesses: [
        { siglum: 'A', description: 'page 1', start: 0, end: 19 },
        { siglum: 'B', description: 'second print', documentId: 'doc-2', start: 0, end: 19 },
      ],
    }, new Date('2026-01-02T00:00:00Z'), lookup)
    expect(listCollations(here, undefined, lookup)[0].witnesses).toEqual([
      { siglum: 'A', description: 'page 1', range: { start: 0, end: 19 } },
      { siglum: 'B', description: 'second print', documentId: 'doc-2', range: { start: 0, end: 19 } },
    ])
    // Typed before the witness in the other document: its range moves there, not here.
    textOf(there, 0).insert(0, 'The ')
    textOf(there, 0).insert(19, 'stone ')
    expect(witnessTexts(here, lookup)).toEqual(['one old bridge fell', 'one old bridge stone fall'])
    expect(listCollations(here, undefined, lookup)[0].witnesses[1].range).toEqual({ start: 4, end: 29 })
  })

  it('keeps a whole-document witness whole as its document grows and shrinks', () => {
    const { here, there, lookup } = workspace()
    collateWithWholeOther(here, lookup)
    expect(collationsMap(here).get(listCollations(here, undefined, lookup)[0].id)).toBeInstanceOf(Y.Map)
    const stored = (collationsMap(here).values().next().value as Y.Map<unknown>).get('witnesses') as object[]
    expect(stored[1]).toEqual({ siglum: 'B', description: 'other print', documentId: 'doc-2', whole: true })
    expect(witnessTexts(here, lookup)).toEqual(['one old bridge fell', 'one old bridge fall\n\nby the river'])
    textOf(there, 1).insert(12, ' at dusk')
    textOf(there, 0).insert(0, 'Once: ')
    expect(witnessTexts(here, lookup)).toEqual(['one old bridge fell', 'Once: one old bridge fall\n\nby the river at dusk'])
    textOf(there, 0).delete(0, 6)
    expect(listCollations(here, undefined, lookup)[0].witnesses[1]).toEqual({
      siglum: 'B', description: 'other print', documentId: 'doc-2', whole: true, range: { start: 0, end: 41 },
    })
  })

  it('reads a witness whose document is not available as missing, and the others as usual', () => {
    const { here, lookup } = workspace()
    collateWithWholeOther(here, lookup)
    expect(listCollations(here)[0].witnesses).toEqual([
      { siglum: 'A', description: 'page 1', range: { start: 0, end: 19 } },
      { siglum: 'B', description: 'other print', documentId: 'doc-2', whole: true, missing: true, range: null },
    ])
  })

  it('gives the same id for the same witnesses, and another for the same range in another document', () => {
    const { here, lookup } = workspace()
    const sameDoc = docWith([...HERE, ...THERE], 3)
    const witnesses = (documentId?: string) => [
      { siglum: 'A', description: '', start: 0, end: 19 },
      { siglum: 'B', description: '', start: 0, end: 19, ...(documentId ? { documentId } : {}) },
    ]
    const id = createCollation(here, { author: 'Ana', witnesses: witnesses('doc-2') }, undefined, lookup)
    expect(createCollation(here, { author: 'Ben', witnesses: witnesses('doc-2') }, undefined, lookup)).toBe(id)
    expect(createCollation(sameDoc, { author: 'Ana', witnesses: witnesses() })).not.toBe(id)
  })

  it('refuses a witness in a document the lookup does not find', () => {
    const { here } = workspace()
    expect(() => createCollation(here, {
      author: 'Ana',
      witnesses: [
        { siglum: 'A', description: '', start: 0, end: 19 },
        { siglum: 'B', description: '', documentId: 'doc-9', start: 0, end: 5 },
      ],
    }, undefined, () => null)).toThrow(/document "doc-9" is not available/)
    expect(collationsMap(here).size).toBe(0)
  })

  it('applies a reading to a witness in another document: the text changes there, the decision here, both with the apply origin', () => {
    const { here, there, lookup } = workspace()
    const id = collateWithWholeOther(here, lookup)
    const undoHere = new Y.UndoManager([fragmentOf(here), collationsMap(here)], { trackedOrigins: new Set([APPLY_READING_ORIGIN]), captureTimeout: 0 })
    const undoThere = new Y.UndoManager([fragmentOf(there)], { trackedOrigins: new Set([APPLY_READING_ORIGIN]), captureTimeout: 0 })
    applyCollationReading(here, id, { readings: { A: 'fell', B: 'fall' }, reading: 'A', author: 'Ana', target: 'B', targetRange: { start: 15, end: 19 } }, new Date(), lookup)
    expect(projectDocument(there)).toBe('one old bridge fell\n\nby the river')
    expect(projectDocument(here)).toBe('one old bridge fell\n\nand then')
    expect(listCollationDecisions(here, id)).toMatchObject([{ reading: 'A', text: 'fell', applied: { target: 'B' } }])
    expect(undoHere.undoStack).toHaveLength(1)
    expect(undoThere.undoStack).toHaveLength(1)
    undoHere.undo()
    undoThere.undo()
    expect(projectDocument(there)).toBe('one old bridge fall\n\nby the river')
    expect(listCollationDecisions(here, id)).toEqual([])
  })

  it('writes nothing when the target document is missing or the range lies outside its text', () => {
    const { here, there, lookup } = workspace()
    const id = collateWithWholeOther(here, lookup)
    const input = { readings: { A: 'fell', B: 'fall' }, reading: 'A', author: 'Ana', target: 'B' }
    expect(() => applyCollationReading(here, id, { ...input, targetRange: { start: 15, end: 19 } })).toThrow(/"doc-2" of witness "B" is not available/)
    expect(() => applyCollationReading(here, id, { ...input, targetRange: { start: 15, end: 99 } }, new Date(), lookup)).toThrow(/not inside the text of witness "B"/)
    expect(listCollationDecisions(here, id)).toEqual([])
    expect(projectDocument(there)).toBe('one old bridge fall\n\nby the river')
  })

  it('exports a witness of another document with its current text there, and leaves the collation out when that document is missing', () => {
    const { here, there, lookup } = workspace()
    createCollation(here, {
      author: 'Ana',
      witnesses: [
        { siglum: 'A', description: 'page 1', start: 0, end: 19 },
        { siglum: 'B', description: 'other print', documentId: 'doc-2', start: 0, end: 19 },
      ],
    }, undefined, lookup)
    textOf(there, 0).insert(0, 'So: ')
    const source = { id: 'doc-1', title: 'Bridges', createdAt: '2026-01-01T00:00:00Z' }
    const edition = readEdition(here, source, undefined, new Date('2026-03-01T00:00:00Z'), lookup)
    expect(edition.collations).toEqual([{
      witnesses: [
        { siglum: 'A', description: 'page 1', range: { start: 0, end: 19 } },
        { siglum: 'B', description: 'other print', text: 'one old bridge fall' },
      ],
    }])
    expect(exportEdition('tei', edition)).toContain('<app><lem wit="#A">one old bridge fell</lem><rdg wit="#B">one old bridge fall</rdg></app>')
    expect('collations' in readEdition(here, source)).toBe(false)
  })
})
