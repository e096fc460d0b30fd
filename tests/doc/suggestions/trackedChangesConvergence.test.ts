import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { annotationsMap, openChanges, projectDocument, settleChangesInRange, suggestDeletion, suggestInsertion } from '../../../doc'
import { docWith } from '../docHelpers'

/**
 * Seeded random suggesting sessions on three replicas that exchange updates in
 * random batches: whatever the order, every replica ends with the same text and
 * the same open changes at the same offsets.
 */
function run(seed: number): void {
  const gen = prng.create(seed)
  const first = docWith(['alpha beta gamma delta', 'epsilon zeta eta'], 1)
  const replicas = [first, new Y.Doc(), new Y.Doc()]
  replicas[1].clientID = 2
  replicas[2].clientID = 3
  for (const r of replicas.slice(1)) Y.applyUpdate(r, Y.encodeStateAsUpdate(first))
  const inbox: Uint8Array[][] = replicas.map(() => [])
  replicas.forEach((r, i) => r.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') return
    replicas.forEach((_, j) => { if (j !== i) inbox[j].push(update) })
  }))
  const authors = [{ author: 'Ana' }, { author: 'Bo' }, { author: 'Cy' }]
  for (let step = 0; step < 60; step++) {
    const i = prng.int32(gen, 0, 2)
    const ydoc = replicas[i]
    const length = projectDocument(ydoc).length
    const at = prng.int32(gen, 0, length)
    const action = prng.int32(gen, 0, 9)
    if (action < 4) suggestInsertion(ydoc, at, prng.word(gen, 1, 3), authors[i])
    else if (action < 7) suggestDeletion(ydoc, at, Math.min(length, at + prng.int32(gen, 1, 4)), authors[i])
    else settleChangesInRange(ydoc, at, Math.min(length, at + 6), prng.bool(gen) ? 'accept' : 'reject')
    // Deliver a random share of what is waiting somewhere.
    const to = prng.int32(gen, 0, 2)
    for (let n = prng.int32(gen, 0, inbox[to].length); n > 0; n--) Y.applyUpdate(replicas[to], inbox[to].shift()!, 'remote')
  }
  replicas.forEach((r, j) => { for (const update of inbox[j].splice(0)) Y.applyUpdate(r, update, 'remote') })
  const texts = replicas.map(projectDocument)
  expect(texts[1]).toBe(texts[0])
  expect(texts[2]).toBe(texts[0])
  const changes = replicas.map((r) => openChanges(r))
  expect(changes[1]).toEqual(changes[0])
  expect(changes[2]).toEqual(changes[0])
  expect(annotationsMap(replicas[1]).size).toBe(annotationsMap(replicas[0]).size)
}

describe('tracked changes converge', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`on every replica after random concurrent suggesting and settling (seed ${seed})`, () => run(seed))
  }
})
