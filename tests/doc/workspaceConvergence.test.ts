/**
 * Seeded random convergence of whole workspace documents, in the style of the Yjs
 * test harness: simulated clients on a simulated network that drops, delays and
 * reorders updates, go offline and come back (syncing by state vector, as
 * y-websocket's sync steps do), and make every kind of change editors make at the
 * same time: type and delete, split and join paragraphs, undo their own changes,
 * flag duplicate clusters, record decisions, create, comment on, resolve and delete
 * annotations, refresh selectors. Afterwards every client holds the same Y.Doc:
 * equal state vectors and equal content in every top-level type, and every
 * annotation resolves to the same range everywhere.
 */
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { duplicateClusterAnnotations } from '../../core/annotations'
import {
  DOC_MODEL,
  FragmentText,
  addComment,
  annotationsMap,
  createAnnotation,
  decisionsMap,
  deleteAnnotation,
  fragmentOf,
  recordDecision,
  refreshSelectors,
  resolveAnnotation,
  setStatus,
  writeAnnotations,
} from '../../doc'
import { docWith, textOf } from './docHelpers'

interface Client {
  doc: Y.Doc
  undo: Y.UndoManager
  online: boolean
}

interface Network {
  clients: Client[]
  /** Updates in flight, per receiver. */
  inboxes: Uint8Array[][]
}

const NETWORK = 'network'

function connect(clients: Client[]): Network {
  const net: Network = { clients, inboxes: clients.map(() => []) }
  clients.forEach((client, from) => {
    client.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === NETWORK || !client.online) return // offline: the update stays only in this doc
      clients.forEach((other, to) => { if (to !== from && other.online) net.inboxes[to].push(update) })
    })
  })
  return net
}

/** Two docs exchange what each lacks, by state vector (y-websocket sync steps 1 and 2). */
function syncPair(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, toB, NETWORK)
  Y.applyUpdate(a, toA, NETWORK)
}

function setOnline(net: Network, index: number, online: boolean): void {
  const client = net.clients[index]
  client.online = online
  if (!online) {
    net.inboxes[index] = [] // what was in flight to it is lost with the connection
    return
  }
  for (const other of net.clients) if (other !== client && other.online) syncPair(client.doc, other.doc)
}

function deliverSome(gen: prng.PRNG, net: Network, to: number): void {
  const inbox = net.inboxes[to]
  for (let count = prng.int32(gen, 0, inbox.length); count > 0; count--) {
    const [update] = inbox.splice(prng.int32(gen, 0, inbox.length - 1), 1)
    Y.applyUpdate(net.clients[to].doc, update, NETWORK)
  }
}

function settle(net: Network): void {
  net.clients.forEach((_, i) => setOnline(net, i, true))
  while (net.inboxes.some((inbox) => inbox.length > 0)) {
    net.inboxes.forEach((inbox, to) => { for (const update of inbox.splice(0)) Y.applyUpdate(net.clients[to].doc, update, NETWORK) })
  }
  // A last full exchange, as a reconnect would make: dropped messages are recovered here.
  for (const a of net.clients) for (const b of net.clients) if (a !== b) syncPair(a.doc, b.doc)
}

/**
 * `at` moved back off the middle of a surrogate pair: an editor never splits one, and
 * Yjs sends strings as UTF-8, where a lone surrogate arrives as U+FFFD.
 */
function whole(text: string, at: number): number {
  const code = text.charCodeAt(at)
  return at > 0 && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at
}

/** A random non-empty range of the projection on whole characters, or null. */
function randomRange(gen: prng.PRNG, text: FragmentText, longest = 30): { start: number; end: number } | null {
  if (text.length < 3) return null
  const start = whole(text.projection, prng.int32(gen, 0, text.length - 3))
  const end = whole(text.projection, prng.int32(gen, start + 2, Math.min(text.length, start + longest)))
  return end > start ? { start, end } : null
}

function randomParagraph(gen: prng.PRNG, doc: Y.Doc): number {
  return prng.int32(gen, 0, fragmentOf(doc).length - 1)
}

function type(gen: prng.PRNG, doc: Y.Doc): void {
  const text = textOf(doc, randomParagraph(gen, doc))
  if (!text) return
  const value = text.toString()
  if (text.length > 0 && prng.bool(gen)) {
    const at = whole(value, prng.int32(gen, 0, text.length - 1))
    const end = whole(value, Math.min(text.length, at + prng.int32(gen, 1, 5)))
    if (end > at) text.delete(at, end - at)
  } else {
    text.insert(whole(value, prng.int32(gen, 0, text.length)), prng.oneOf(gen, ['x', 'yz', '中文', ' 𝄞 ', 'abc']))
  }
}

/** Enter inside a paragraph, as y-prosemirror writes it: the tail deleted, a new paragraph with it after. */
function split(gen: prng.PRNG, doc: Y.Doc): void {
  const index = randomParagraph(gen, doc)
  const text = textOf(doc, index)
  if (!text || text.length < 2) return
  const at = whole(text.toString(), prng.int32(gen, 1, text.length - 1))
  const tail = text.toString().slice(at)
  doc.transact(() => {
    text.delete(at, text.length - at)
    const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
    paragraph.insert(0, [new Y.XmlText(tail)])
    fragmentOf(doc).insert(index + 1, [paragraph])
  })
}

/** Backspace at a paragraph's start: its text appended to the previous one, the paragraph removed. */
function join(gen: prng.PRNG, doc: Y.Doc): void {
  const fragment = fragmentOf(doc)
  if (fragment.length < 3) return
  const index = prng.int32(gen, 1, fragment.length - 1)
  const previous = textOf(doc, index - 1)
  const current = textOf(doc, index)
  if (!previous || !current) return
  doc.transact(() => {
    previous.insert(previous.length, current.toString())
    fragment.delete(index, 1)
  })
}

function annotate(gen: prng.PRNG, doc: Y.Doc): void {
  const text = new FragmentText(fragmentOf(doc))
  const range = randomRange(gen, text)
  if (!range) return
  try {
    createAnnotation(doc, { type: prng.oneOf(gen, ['note', 'typo', 'variant']), author: `c${doc.clientID}`, ...range, comment: 'why' }, text)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error // a range of separators only
  }
}

function someAnnotation(gen: prng.PRNG, doc: Y.Doc): string | null {
  const ids = [...annotationsMap(doc).keys()].sort()
  return ids.length ? prng.oneOf(gen, ids) : null
}

function editAnnotation(gen: prng.PRNG, doc: Y.Doc): void {
  const id = someAnnotation(gen, doc)
  if (!id) return
  const what = prng.int32(gen, 0, 2)
  if (what === 0) addComment(doc, id, `c${doc.clientID}`, prng.word(gen, 1, 8))
  else if (what === 1) setStatus(doc, id, prng.bool(gen) ? 'resolved' : 'open')
  else deleteAnnotation(doc, id)
}

/** Flags two random passages of equal length as one duplicated passage (the ids come from the content). */
function flag(gen: prng.PRNG, doc: Y.Doc): void {
  const text = new FragmentText(fragmentOf(doc))
  const a = randomRange(gen, text, 12)
  const b = randomRange(gen, text, 12)
  if (!a || !b || a.start === b.start) return
  try {
    const occurrences = [a, b]
    writeAnnotations(doc, duplicateClusterAnnotations(text.projection, { kind: 'near', similarity: 0.9, occurrences }, { author: `c${doc.clientID}`, created: '2026-12-01T00:00:00.000Z', keep: prng.int32(gen, 0, 1) }), text)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
  }
}

function decide(gen: prng.PRNG, doc: Y.Doc): void {
  const text = new FragmentText(fragmentOf(doc))
  const a = randomRange(gen, text)
  const b = randomRange(gen, text)
  if (!a || !b) return
  recordDecision(doc, { a, b, reading: prng.oneOf(gen, ['a', 'b'] as const), author: `c${doc.clientID}`, witnesses: { a: 'A', b: 'B' } }, new Date('2026-12-01T00:00:00.000Z'))
}

const ACTIONS: ((gen: prng.PRNG, doc: Y.Doc) => void)[] = [type, type, type, split, join, annotate, editAnnotation, flag, decide]

/** Every top-level type's content, and every annotation's range as resolved on this client. */
function state(doc: Y.Doc) {
  const text = new FragmentText(fragmentOf(doc))
  const ranges: Record<string, string> = {}
  annotationsMap(doc).forEach((entry, id) => {
    const r = resolveAnnotation(doc, text, entry)
    ranges[id] = r.status === 'orphaned' ? 'orphaned' : `${r.start}-${r.end}`
  })
  // Through JSON: a writer's own copy of a relative position holds Yjs ID objects, a remote copy plain ones.
  return JSON.parse(JSON.stringify({
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((x, y) => x[0] - y[0]),
    fragment: fragmentOf(doc).toJSON(),
    meta: doc.getMap(DOC_MODEL.meta).toJSON(),
    annotations: annotationsMap(doc).toJSON(),
    annotationTypes: doc.getMap(DOC_MODEL.annotationTypes).toJSON(),
    decisions: decisionsMap(doc).toJSON(),
    ranges,
  }))
}

function run(seed: number, clientCount: number, steps: number): Client[] {
  const gen = prng.create(seed)
  const origin = docWith(['甲乙丙丁戊己庚辛壬癸', 'The quick brown fox jumps over the lazy dog.', '子丑寅卯辰巳午未申酉戌亥', 'second line of text here'], 1)
  const clients: Client[] = Array.from({ length: clientCount }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 100 + i
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin))
    // Own changes only (origin null), as the editor's undo: never a remote or refresh change.
    const undo = new Y.UndoManager([fragmentOf(doc), annotationsMap(doc), decisionsMap(doc)], { captureTimeout: 0 })
    return { doc, undo, online: true }
  })
  const net = connect(clients)
  for (let step = 0; step < steps; step++) {
    const who = prng.int32(gen, 0, clientCount - 1)
    const client = clients[who]
    const roll = prng.int32(gen, 0, 99)
    if (roll < 6) setOnline(net, who, !client.online)
    else if (roll < 12) client.undo.undo()
    else if (roll < 14) client.undo.redo()
    else if (roll < 16) refreshSelectors(client.doc)
    else prng.oneOf(gen, ACTIONS)(gen, client.doc)
    deliverSome(gen, net, prng.int32(gen, 0, clientCount - 1))
  }
  settle(net)
  return clients
}

describe('workspace document convergence', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`five clients with every kind of concurrent change end with the same Y.Doc (seed ${seed})`, () => {
      const clients = run(seed, 5, 400)
      const expected = state(clients[0].doc)
      expect(Object.keys(expected.annotations).length + Object.keys(expected.decisions).length).toBeGreaterThan(0)
      for (const client of clients.slice(1)) expect(state(client.doc)).toEqual(expected)
    })
  }
})
