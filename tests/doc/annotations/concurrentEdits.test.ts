import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { annotationsMap, createAnnotation, fragmentOf, refreshSelectors, resolveAnnotation } from '../../../doc'
import { FragmentText } from '../../../doc'
import { docWith, textOf } from '../docHelpers'

/**
 * Every character of the seeded text is a distinct CJK code point and inserted
 * text is ASCII, so after the merge we know exactly which original characters
 * survive inside each annotated range.
 */
const ORIGINAL_BASE = 0x4e00
const isOriginal = (ch: string) => ch.charCodeAt(0) >= ORIGINAL_BASE

function seedParagraphs(gen: prng.PRNG, count: number): string[] {
  let next = ORIGINAL_BASE
  return Array.from({ length: count }, () => {
    let text = ''
    for (let i = prng.int32(gen, 8, 30); i > 0; i--) text += String.fromCharCode(next++)
    return text
  })
}

interface Network {
  docs: Y.Doc[]
  /** Updates in flight, per receiver. */
  inboxes: Uint8Array[][]
}

function connect(docs: Y.Doc[]): Network {
  const inboxes: Uint8Array[][] = docs.map(() => [])
  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'network') return
      docs.forEach((_, to) => { if (to !== from) inboxes[to].push(update) })
    })
  })
  return { docs, inboxes }
}

/** Delivers a random batch of the updates waiting for `to`, in random order (Yjs buffers what arrives early). */
function deliverSome(gen: prng.PRNG, net: Network, to: number): void {
  const inbox = net.inboxes[to]
  const count = prng.int32(gen, 0, inbox.length)
  for (let i = 0; i < count; i++) {
    const [update] = inbox.splice(prng.int32(gen, 0, inbox.length - 1), 1)
    Y.applyUpdate(net.docs[to], update, 'network')
  }
}

function flush(net: Network): void {
  while (net.inboxes.some((inbox) => inbox.length > 0)) {
    net.inboxes.forEach((inbox, to) => {
      for (const update of inbox.splice(0)) Y.applyUpdate(net.docs[to], update, 'network')
    })
  }
}

function randomEdit(gen: prng.PRNG, doc: Y.Doc): void {
  const paragraphs = fragmentOf(doc).length
  const text = textOf(doc, prng.int32(gen, 0, paragraphs - 1))
  const length = text.length
  if (length > 0 && prng.bool(gen)) {
    const at = prng.int32(gen, 0, length - 1)
    text.delete(at, prng.int32(gen, 1, Math.min(6, length - at)))
  } else {
    text.insert(prng.int32(gen, 0, length), prng.word(gen, 1, 4))
  }
}

function randomAnnotation(gen: prng.PRNG, doc: Y.Doc): void {
  const text = new FragmentText(fragmentOf(doc))
  if (text.length < 2) return
  const start = prng.int32(gen, 0, text.length - 2)
  const end = prng.int32(gen, start + 1, Math.min(text.length, start + 40))
  try {
    createAnnotation(doc, { type: 'note', author: `c${doc.clientID}`, start, end })
  } catch (error) {
    if (!(error instanceof RangeError)) throw error // a range over separators only
  }
}

/** Per annotation: resolved range and covered text, or "orphaned". */
function snapshot(doc: Y.Doc): Map<string, string> {
  const text = new FragmentText(fragmentOf(doc))
  const result = new Map<string, string>()
  annotationsMap(doc).forEach((entry, id) => {
    const r = resolveAnnotation(doc, text, entry)
    result.set(id, r.status === 'orphaned' ? 'orphaned' : `${r.start}-${r.end}:${text.projection.slice(r.start, r.end)}`)
  })
  return result
}

function runScenario(seed: number, clients: number, rounds: number): void {
  const gen = prng.create(seed)
  const origin = docWith(seedParagraphs(gen, 6), 1)
  const docs = Array.from({ length: clients }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 100 + i
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin))
    return doc
  })
  const net = connect(docs)
  // Annotations made on the common text: remember their original characters.
  const originals = new Map<string, Set<string>>()
  for (let i = 0; i < 12; i++) {
    const doc = docs[i % clients]
    const before = new Set(annotationsMap(doc).keys())
    randomAnnotation(gen, doc)
    const id = [...annotationsMap(doc).keys()].find((k) => !before.has(k))
    if (id) {
      const text = new FragmentText(fragmentOf(doc))
      const r = resolveAnnotation(doc, text, annotationsMap(doc).get(id)!)
      if (r.status === 'anchored') originals.set(id, new Set([...text.projection.slice(r.start, r.end)].filter(isOriginal)))
    }
  }
  flush(net)

  for (let round = 0; round < rounds; round++) {
    const who = prng.int32(gen, 0, clients - 1)
    const roll = prng.real53(gen)
    if (roll < 0.75) randomEdit(gen, docs[who])
    else if (roll < 0.8) randomAnnotation(gen, docs[who])
    else if (roll < 0.85) refreshSelectors(docs[who])
    else deliverSome(gen, net, who)
  }
  flush(net)

  const projection = new FragmentText(fragmentOf(docs[0])).projection
  docs.forEach((doc) => expect(new FragmentText(fragmentOf(doc)).projection).toBe(projection))
  const expected = snapshot(docs[0])
  docs.slice(1).forEach((doc) => expect(snapshot(doc)).toEqual(expected))

  const surviving = new Set([...projection].filter(isOriginal))
  let orphans = 0
  for (const [id, chars] of originals) {
    const alive = [...chars].filter((ch) => surviving.has(ch))
    const state = expected.get(id)!
    if (state === 'orphaned') {
      orphans++
      expect(alive, `annotation ${id} orphaned although its text survives`).toEqual([])
      continue
    }
    const covered = state.slice(state.indexOf(':') + 1)
    // An anchored annotation always covers something: an emptied range is an orphan.
    expect(covered, `annotation ${id}`).not.toBe('')
    const coveredOriginals = [...covered].filter(isOriginal)
    // Exactly the surviving original characters, in order: nothing lost, nothing gained at the edges.
    expect(coveredOriginals, `annotation ${id}`).toEqual(alive)
  }
  // The scenario must actually exercise orphaning and survival, or it proves nothing.
  return void expect(orphans).toBeLessThan(originals.size)
}

describe('annotations under concurrent edits', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`cover the same words on every client after random concurrent edits (seed ${seed})`, () => {
      runScenario(seed, 4, 400)
    })
  }

  it('orphan on every client when concurrent deletions remove all their words', () => {
    const docs = [docWith(['一二三四五六七八'], 1), new Y.Doc(), new Y.Doc()]
    Y.applyUpdate(docs[1], Y.encodeStateAsUpdate(docs[0]))
    Y.applyUpdate(docs[2], Y.encodeStateAsUpdate(docs[0]))
    const net = connect(docs)
    const id = createAnnotation(docs[0], { type: 'note', author: 'A', start: 2, end: 6 })
    flush(net)
    textOf(docs[1], 0).delete(1, 3) // 二三四
    textOf(docs[2], 0).delete(4, 3) // 五六七
    textOf(docs[0], 0).insert(8, 'x')
    flush(net)
    docs.forEach((doc) => expect(snapshot(doc).get(id)).toBe('orphaned'))
    docs.forEach((doc) => expect(new FragmentText(fragmentOf(doc)).projection).toBe('一八x'))
  })
})
