import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { REMOVAL_ORIGIN, annotationsMap, readAnnotation } from '../../../doc'
import { clearDecision, decisionIdFor, decisionsForExport, decisionsMap, listDecisions, recordDecision, variantAnnotationIds } from '../../../doc'
import { parseDecision } from '../../../core/annotations'
import { docWith, replicaPair } from '../docHelpers'

// Projection: "the old bridge fell\n\nthe old bridge fall" — A [0, 19), B [21, 40).
const PARAGRAPHS = ['the old bridge fell', 'the old bridge fall']
const A = { start: 15, end: 19 } // "fell"
const B = { start: 36, end: 40 } // "fall"
const WITNESSES = { a: '¶1 the old', b: '¶2 the old' }

const pair = () => replicaPair(PARAGRAPHS)

describe('recordDecision', () => {
  it('is seen by a second replica: the decision and its two linked variant annotations', () => {
    const [one, two] = pair()
    const id = recordDecision(one, { a: A, b: B, reading: 'b', note: 'the continuation is right', author: 'Ana', witnesses: WITNESSES }, new Date('2026-01-02T03:04:05Z'))
    expect(id).toBe(decisionIdFor(A, B))
    const seen = listDecisions(two).get(id)!
    expect(seen).toMatchObject({
      id, reading: 'b', note: 'the continuation is right', author: 'Ana', created: '2026-01-02T03:04:05.000Z', witnesses: WITNESSES,
      a: { type: 'TextPositionSelector', start: 15, end: 19 }, b: { type: 'TextPositionSelector', start: 36, end: 40 },
      quotes: { a: 'fell', b: 'fall' },
      annotations: variantAnnotationIds(id),
    })
    const ids = variantAnnotationIds(id)
    const annA = readAnnotation(annotationsMap(two).get(ids.a)!)
    const annB = readAnnotation(annotationsMap(two).get(ids.b)!)
    expect(annA.type).toBe('variant')
    expect(annA.anchor.quote.exact).toBe('fell')
    expect(annB.anchor.quote.exact).toBe('fall')
    expect(annA.links).toEqual([{ rel: 'variant-pair', target: ids.b }])
    expect(annB.links).toEqual([{ rel: 'variant-pair', target: ids.a }])
    expect(annA.comments.map((c) => c.text)).toEqual(['Decision: reading B (¶2 the old). Note: the continuation is right'])
    // The exporters' shape validates.
    expect(decisionsForExport(two).map((d) => parseDecision(d).ok)).toEqual([true])
  })

  it('is idempotent: changing a decision, from either replica, updates one entry and the same two annotations', () => {
    const [one, two] = pair()
    const id = recordDecision(one, { a: A, b: B, reading: 'a', author: 'Ana', witnesses: WITNESSES })
    recordDecision(two, { a: A, b: B, reading: 'edited', text: 'fell down', author: 'Ben', witnesses: WITNESSES })
    for (const doc of [one, two]) {
      expect([...decisionsMap(doc).keys()]).toEqual([id])
      expect(annotationsMap(doc).size).toBe(2)
      const d = listDecisions(doc).get(id)!
      expect([d.reading, d.text, d.author, d.note]).toEqual(['edited', 'fell down', 'Ben', undefined])
      const comments = readAnnotation(annotationsMap(doc).get(variantAnnotationIds(id).a)!).comments
      expect(comments.map((c) => c.text)).toEqual(['Decision: an edited reading: “fell down”'])
    }
    recordDecision(one, { a: A, b: B, reading: 'b', author: 'Ana', witnesses: WITNESSES })
    expect(listDecisions(two).get(id)!.text).toBeUndefined()
  })

  it('gives a one-sided variant one annotation, unlinked', () => {
    const ydoc = docWith(PARAGRAPHS)
    const id = recordDecision(ydoc, { a: A, b: { start: 40, end: 40 }, reading: 'a', author: 'Ana', witnesses: WITNESSES })
    expect([...annotationsMap(ydoc).keys()]).toEqual([variantAnnotationIds(id).a])
    expect(readAnnotation(annotationsMap(ydoc).get(variantAnnotationIds(id).a)!).links).toEqual([])
    expect(listDecisions(ydoc).get(id)!.annotations).toEqual({ a: variantAnnotationIds(id).a })
  })

  it('throws RangeError for a range outside the text and for an edited reading without text', () => {
    const ydoc = docWith(PARAGRAPHS)
    expect(() => recordDecision(ydoc, { a: { start: 0, end: 99 }, b: B, reading: 'a', author: 'Ana', witnesses: WITNESSES })).toThrow(RangeError)
    expect(() => recordDecision(ydoc, { a: A, b: B, reading: 'edited', author: 'Ana', witnesses: WITNESSES })).toThrow(RangeError)
    expect(decisionsMap(ydoc).size).toBe(0)
  })
})

describe('clearDecision', () => {
  it('removes the decision and its annotations on both replicas', () => {
    const [one, two] = pair()
    const id = recordDecision(one, { a: A, b: B, reading: 'a', author: 'Ana', witnesses: WITNESSES })
    clearDecision(two, id)
    expect(decisionsMap(one).size).toBe(0)
    expect(annotationsMap(one).size).toBe(0)
  })

  it('is one step for an undo manager tracking its origin: undo brings back the decision and both annotations, on both replicas', () => {
    const [one, two] = pair()
    const id = recordDecision(one, { a: A, b: B, reading: 'b', note: 'why', author: 'Ana', witnesses: WITNESSES })
    const before = { decision: decisionsMap(one).get(id)!.toJSON(), annotations: [...annotationsMap(one).keys()].sort() }
    const undo = new Y.UndoManager([decisionsMap(two), annotationsMap(two)], { trackedOrigins: new Set([REMOVAL_ORIGIN]) })
    clearDecision(two, id, REMOVAL_ORIGIN)
    expect(decisionsMap(one).size).toBe(0)
    undo.undo()
    expect(decisionsMap(one).get(id)!.toJSON()).toEqual(before.decision)
    expect([...annotationsMap(one).keys()].sort()).toEqual(before.annotations)
    expect(readAnnotation(annotationsMap(one).get(variantAnnotationIds(id).a)!).comments[0].text).toContain('Decision: reading B')
  })
})
