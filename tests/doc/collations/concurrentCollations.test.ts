import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { createCollation, listCollationDecisions, listCollations, projectDocument, recordCollationDecision } from '../../../doc'
import { docWith, textOf } from '../docHelpers'

const PARAGRAPHS = ['one old bridge fell in the flood', 'and then the town', 'one old bridge fall in the flood', 'the end']
const WITNESSES = [
  { siglum: 'A', description: 'page 1', start: 0, end: 32 },
  { siglum: 'B', description: 'continuation', start: 53, end: 85 },
]

/** Each replica's full state given to every other, until none has anything new. */
function exchange(docs: Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

describe('collations under concurrent work', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`converge on every replica: one collation, the same witness texts and decisions (seed ${seed})`, () => {
      const gen = prng.create(seed)
      const origin = docWith(PARAGRAPHS, 1)
      const docs = [origin, ...[2, 3].map((id) => {
        const doc = new Y.Doc()
        doc.clientID = id
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin))
        return doc
      })]
      // Offline from each other: every replica creates the same collation, then types and decides.
      for (const [i, doc] of docs.entries()) {
        const id = createCollation(doc, { witnesses: WITNESSES, author: `editor ${i}` })
        for (let n = prng.int32(gen, 1, 4); n > 0; n--) {
          const text = textOf(doc, prng.int32(gen, 0, PARAGRAPHS.length - 1))
          text.insert(prng.int32(gen, 0, text.length), prng.oneOf(gen, ['x', ' so', ' (sic)']))
        }
        if (prng.bool(gen)) recordCollationDecision(doc, id, { readings: { A: 'fell', B: 'fall' }, reading: prng.oneOf(gen, ['A', 'B']), author: `editor ${i}` })
      }
      exchange(docs)
      const seen = docs.map((doc) => {
        const projection = projectDocument(doc)
        const collations = listCollations(doc)
        return {
          projection,
          ids: collations.map((c) => c.id),
          texts: collations[0].witnesses.map((w) => projection.slice(w.range!.start, w.range!.end)),
          decisions: listCollationDecisions(doc, collations[0].id),
        }
      })
      expect(seen[0].ids.length).toBe(1)
      for (const other of seen.slice(1)) expect(other).toEqual(seen[0])
      // Each witness still holds its own passage, with whatever was typed inside it.
      expect(seen[0].texts[0].replace(/x| so| \(sic\)/g, '')).toBe(PARAGRAPHS[0])
      expect(seen[0].texts[1].replace(/x| so| \(sic\)/g, '')).toBe(PARAGRAPHS[2])
    })
  }
})
