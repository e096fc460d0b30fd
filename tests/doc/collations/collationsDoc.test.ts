import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { proposeCollations } from '../../../core/align'
import { exportEdition } from '../../../core/export'
import { REMOVAL_ORIGIN, clearCollationDecision, collationIdFor, collationsMap, createCollation, deleteCollation, describeWitness, listCollationDecisions, listCollations, projectDocument, readEdition, recordCollationDecision } from '../../../doc'
import { docWith, replicaPair, textOf } from '../docHelpers'

// Projection: "one old bridge fell\n\nand then\n\none old bridge fall" — A [0, 19), B [31, 50).
const PARAGRAPHS = ['one old bridge fell', 'and then', 'one old bridge fall']
const WITNESSES = [
  { siglum: 'A', description: 'page 1', start: 0, end: 19 },
  { siglum: 'B', description: 'continuation', start: 31, end: 50 },
]
const SOURCE = { id: 'doc-1', title: 'Bridges', createdAt: '2026-01-01T00:00:00Z' }

const pair = () => replicaPair(PARAGRAPHS)

const textsOf = (ydoc: Y.Doc) => {
  const projection = projectDocument(ydoc)
  return listCollations(ydoc)[0].witnesses.map((w) => (w.range ? projection.slice(w.range.start, w.range.end) : null))
}

describe('createCollation', () => {
  it('saves the witnesses with sigla and descriptions, and a second replica reads the same set', () => {
    const [one, two] = pair()
    const id = createCollation(one, { witnesses: WITNESSES, author: 'Ana' }, new Date('2026-01-02T03:04:05Z'))
    expect(id).toBe(collationIdFor(projectDocument(one), WITNESSES))
    expect(id).toMatch(/^col-[0-9a-f]{14}$/)
    expect(listCollations(two)).toEqual([{
      id, author: 'Ana', created: '2026-01-02T03:04:05.000Z',
      witnesses: [
        { siglum: 'A', description: 'page 1', range: { start: 0, end: 19 } },
        { siglum: 'B', description: 'continuation', range: { start: 31, end: 50 } },
      ],
    }])
    describeWitness(two, id, 'B', 'page 2')
    expect(listCollations(one)[0].witnesses[1].description).toBe('page 2')
    deleteCollation(one, id)
    expect(listCollations(two)).toEqual([])
  })

  it('a deleted collation comes back whole, decisions and all, by one undo of its removal origin', () => {
    const [one, two] = pair()
    const id = createCollation(one, { witnesses: WITNESSES, author: 'Ana' })
    recordCollationDecision(one, id, { readings: { A: 'fell', B: 'fall' }, reading: 'B', author: 'Ana' })
    const before = { collations: listCollations(one), decisions: listCollationDecisions(one, id) }
    const undo = new Y.UndoManager(collationsMap(two), { trackedOrigins: new Set([REMOVAL_ORIGIN]) })
    deleteCollation(two, id, REMOVAL_ORIGIN)
    expect(listCollations(one)).toEqual([])
    undo.undo()
    expect(listCollations(one)).toEqual(before.collations)
    expect(listCollationDecisions(one, id)).toEqual(before.decisions)
    clearCollationDecision(two, id, before.decisions[0].id, REMOVAL_ORIGIN)
    expect(listCollationDecisions(one, id)).toEqual([])
    undo.undo()
    expect(listCollationDecisions(one, id)).toEqual(before.decisions)
  })

  it('throws RangeError for fewer than two witnesses, a repeated siglum, a range outside the text or an empty author', () => {
    const ydoc = docWith(PARAGRAPHS)
    expect(() => createCollation(ydoc, { witnesses: WITNESSES.slice(0, 1), author: 'Ana' })).toThrow(RangeError)
    expect(() => createCollation(ydoc, { witnesses: [WITNESSES[0], { ...WITNESSES[1], siglum: 'A' }], author: 'Ana' })).toThrow(/used twice/)
    expect(() => createCollation(ydoc, { witnesses: [WITNESSES[0], { ...WITNESSES[1], end: 51 }], author: 'Ana' })).toThrow(/not inside the text/)
    expect(() => createCollation(ydoc, { witnesses: [WITNESSES[0], { ...WITNESSES[1], start: 19, end: 21 }], author: 'Ana' })).toThrow(/covers no character/)
    expect(() => createCollation(ydoc, { witnesses: WITNESSES, author: ' ' })).toThrow(RangeError)
    expect(collationsMap(ydoc).size).toBe(0)
  })

  it('gives two editors creating the same collation at once one entry', () => {
    const one = docWith(PARAGRAPHS, 1)
    const two = new Y.Doc()
    two.clientID = 2
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    // Offline from each other: both create, then exchange their updates.
    const idOne = createCollation(one, { witnesses: WITNESSES, author: 'Ana' })
    const idTwo = createCollation(two, { witnesses: WITNESSES, author: 'Ben' })
    expect(idTwo).toBe(idOne)
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    expect(collationsMap(one).size).toBe(1)
    expect(listCollations(one)).toEqual(listCollations(two))
    expect(Y.encodeStateVector(one)).toEqual(Y.encodeStateVector(two))
  })

  it('leaves a collation saved already as it is', () => {
    const ydoc = docWith(PARAGRAPHS)
    const id = createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' }, new Date('2026-01-02T00:00:00Z'))
    expect(createCollation(ydoc, { witnesses: WITNESSES, author: 'Ben' }, new Date('2026-02-02T00:00:00Z'))).toBe(id)
    expect(listCollations(ydoc)[0]).toMatchObject({ author: 'Ana', created: '2026-01-02T00:00:00.000Z' })
  })
})

describe('collation witnesses follow edits', () => {
  it('shift with text typed before them, grow with text typed inside, and keep text typed at their edges outside', () => {
    const [one, two] = pair()
    createCollation(one, { witnesses: WITNESSES, author: 'Ana' })
    textOf(two, 0).insert(0, 'So: ') // before A, at its edge
    textOf(two, 0).insert(8, 'very ') // inside A: "So: one very old…"
    textOf(two, 1).insert(8, ' later') // between the witnesses
    textOf(one, 2).insert(19, '!') // right after B's last character
    expect(textsOf(one)).toEqual(['one very old bridge fell', 'one old bridge fall'])
    expect(textsOf(two)).toEqual(textsOf(one))
  })

  it('marks a witness whose text was deleted as lost (null range) and leaves its collation out of the edition', () => {
    const ydoc = docWith(PARAGRAPHS)
    createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' })
    textOf(ydoc, 2).delete(0, 19)
    expect(listCollations(ydoc)[0].witnesses[1].range).toBeNull()
    expect(readEdition(ydoc, SOURCE).collations).toBeUndefined()
  })
})

describe('readEdition with collations', () => {
  it('carries the collations with sigla, descriptions and current ranges, and the TEI lists every witness', () => {
    const ydoc = docWith(PARAGRAPHS)
    createCollation(ydoc, { witnesses: WITNESSES, author: 'Ana' })
    textOf(ydoc, 0).insert(0, 'So: ')
    const edition = readEdition(ydoc, SOURCE, undefined, new Date('2026-03-01T00:00:00Z'))
    expect(edition.collations).toEqual([{
      witnesses: [
        { siglum: 'A', description: 'page 1', range: { start: 4, end: 23 } },
        { siglum: 'B', description: 'continuation', range: { start: 35, end: 54 } },
      ],
    }])
    const tei = exportEdition('tei', edition)
    expect(tei).toContain('<witness xml:id="A" n="A">page 1</witness>')
    expect(tei).toContain('<witness xml:id="B" n="B">continuation</witness>')
    expect(tei).toContain('<ab><app><lem wit="#A">one old bridge fell</lem><rdg wit="#B">one old bridge fall</rdg></app></ab>')
  })

  it('adds no collations key to an edition of a document without collations', () => {
    expect('collations' in readEdition(docWith(PARAGRAPHS), SOURCE)).toBe(false)
  })

  it('saves the three versions of point five in the sample as one proposed collation of three witnesses', () => {
    const sample = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8').replace(/\r\n?/g, '\n')
    const ydoc = docWith(sample.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean))
    const projection = projectDocument(ydoc)
    const proposal = proposeCollations(projection).find((p) => p.witnesses.length === 3)!
    const sigla = ['A', 'B', 'C']
    const witnesses = proposal.witnesses.map((w, i) => ({ siglum: sigla[i], description: w.label, start: w.start, end: w.end }))
    createCollation(ydoc, { witnesses, author: 'Ana' })
    const read = listCollations(ydoc)[0].witnesses
    expect(read.map((w) => w.siglum)).toEqual(sigla)
    for (const [i, w] of read.entries()) expect(projection.slice(w.range!.start, w.range!.end)).toBe(projection.slice(witnesses[i].start, witnesses[i].end).trim())
  })
})
