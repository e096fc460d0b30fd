import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { DOC_MODEL } from '../../../doc'
import { DOC_SHAPE, contentFits, slotOf, typeFits, type Shape } from '../../../doc/access/docShape'
import { ALICE, newAnnotation, newComment, stableJson } from './accessHelpers'
import { decodeSections, encodeSections, type WrittenSection } from './writeSections'

/**
 * What the update fuzzing of issue 14 is made of, shared by the seeded fuzz test
 * (fuzzUpdates.test.ts) and the longer hunt (huntUpdates.ts): real edits of every
 * kind the workspace makes, real updates carrying them in the shapes clients send
 * (fresh, continuing a client, concurrent, re-sent, several clients merged), and
 * mutations from random bytes up to edited structs, sections and delete sets.
 */

/** A real change a client makes; `fits` false for ones the data model refuses (marks). */
export interface Change {
  name: string
  fits: boolean
  apply: (gen: prng.PRNG, doc: Y.Doc) => void
}

const SNIPPETS = ['a', 'xyz', '汉字', '😀', ' ', 'hello world', '\n']

function paragraphs(doc: Y.Doc): Y.XmlElement[] {
  return doc
    .getXmlFragment(DOC_MODEL.fragment)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
}

/** The XmlText of a random paragraph, or null when there is none. */
function someText(gen: prng.PRNG, doc: Y.Doc): Y.XmlText | null {
  const texts = paragraphs(doc)
    .map((paragraph) => paragraph.get(0))
    .filter((node): node is Y.XmlText => node instanceof Y.XmlText)
  return texts.length === 0 ? null : prng.oneOf(gen, texts)
}

function someAnnotation(gen: prng.PRNG, doc: Y.Doc): Y.Map<unknown> | null {
  const entries = [...doc.getMap(DOC_MODEL.annotations).values()].filter((value): value is Y.Map<unknown> => value instanceof Y.Map)
  return entries.length === 0 ? null : prng.oneOf(gen, entries)
}

function someThread(gen: prng.PRNG, doc: Y.Doc): Y.Array<Y.Map<unknown>> | null {
  const comments = someAnnotation(gen, doc)?.get('comments')
  return comments instanceof Y.Array ? (comments as Y.Array<Y.Map<unknown>>) : null
}

const id = (gen: prng.PRNG, prefix: string) => `${prefix}${prng.uint32(gen, 0, 1e6)}`

/** Every kind of edit the workspace makes (docs/DATA-MODEL.md), and one it refuses. */
export const CHANGES: Change[] = [
  {
    name: 'type',
    fits: true,
    apply: (gen, doc) => {
      const text = someText(gen, doc)
      text?.insert(prng.uint32(gen, 0, text.length), prng.oneOf(gen, SNIPPETS))
    },
  },
  {
    name: 'delete text',
    fits: true,
    apply: (gen, doc) => {
      const text = someText(gen, doc)
      if (text && text.length > 1) {
        const at = prng.uint32(gen, 0, text.length - 2)
        text.delete(at, prng.uint32(gen, 1, Math.min(5, text.length - 1 - at)))
      }
    },
  },
  {
    name: 'add paragraph',
    fits: true,
    apply: (gen, doc) => {
      const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
      paragraph.insert(0, [new Y.XmlText(`p${prng.uint32(gen, 0, 999)}`)])
      const fragment = doc.getXmlFragment(DOC_MODEL.fragment)
      fragment.insert(prng.uint32(gen, 0, fragment.length), [paragraph])
    },
  },
  {
    name: 'delete paragraph',
    fits: true,
    apply: (gen, doc) => {
      const fragment = doc.getXmlFragment(DOC_MODEL.fragment)
      if (fragment.length > 1) fragment.delete(prng.uint32(gen, 0, fragment.length - 1), 1)
    },
  },
  {
    name: 'add annotation',
    fits: true,
    apply: (gen, doc) => {
      const key = id(gen, 'a')
      doc.getMap(DOC_MODEL.annotations).set(key, newAnnotation(key, ALICE.id))
    },
  },
  {
    name: 'delete annotation',
    fits: true,
    apply: (gen, doc) => {
      const annotations = doc.getMap(DOC_MODEL.annotations)
      if (annotations.size > 0) annotations.delete(prng.oneOf(gen, [...annotations.keys()]))
    },
  },
  {
    name: 'set annotation field',
    fits: true,
    apply: (gen, doc) => someAnnotation(gen, doc)?.set(prng.oneOf(gen, ['status', 'updated', 'type']), prng.oneOf(gen, ['open', 'resolved', '2026-01-02'])),
  },
  { name: 'add comment', fits: true, apply: (gen, doc) => someThread(gen, doc)?.push([newComment(id(gen, 'c'), ALICE.id)]) },
  {
    name: 'edit comment',
    fits: true,
    apply: (gen, doc) => {
      const thread = someThread(gen, doc)
      if (thread && thread.length > 0) thread.get(prng.uint32(gen, 0, thread.length - 1)).set('text', id(gen, 'edited '))
    },
  },
  {
    name: 'delete comment',
    fits: true,
    apply: (gen, doc) => {
      const thread = someThread(gen, doc)
      if (thread && thread.length > 0) thread.delete(prng.uint32(gen, 0, thread.length - 1), 1)
    },
  },
  {
    name: 'link',
    fits: true,
    apply: (gen, doc) => {
      const links = someAnnotation(gen, doc)?.get('links')
      if (links instanceof Y.Array) links.push([id(gen, 'a')])
    },
  },
  {
    name: 'decide',
    fits: true,
    apply: (gen, doc) => {
      const decision = new Y.Map<unknown>()
      decision.set('reading', prng.oneOf(gen, ['a', 'b']))
      doc.getMap(DOC_MODEL.decisions).set(id(gen, 'd-'), decision)
    },
  },
  {
    name: 'collate',
    fits: true,
    apply: (gen, doc) => {
      const collation = new Y.Map<unknown>()
      collation.set('name', id(gen, 'witness '))
      const decisions = new Y.Map<unknown>()
      decisions.set(id(gen, 'v'), 'kept')
      collation.set('decisions', decisions)
      doc.getMap(DOC_MODEL.collations).set(id(gen, 'col'), collation)
    },
  },
  { name: 'meta', fits: true, apply: (gen, doc) => doc.getMap(DOC_MODEL.meta).set(prng.oneOf(gen, ['title', 'createdAt']), id(gen, 'T')) },
  {
    name: 'annotation type',
    fits: true,
    apply: (gen, doc) => doc.getMap(DOC_MODEL.annotationTypes).set(id(gen, 'type'), { name: 'gloss', color: '#112233', label: 'Gloss' }),
  },
  {
    name: 'format (refused: the schema has no marks)',
    fits: false,
    apply: (gen, doc) => {
      const text = someText(gen, doc)
      if (text && text.length > 1) text.format(0, prng.uint32(gen, 1, text.length), { bold: true })
    },
  },
]

export const FITTING_CHANGES = CHANGES.filter((change) => change.fits)

/**
 * Client ids: small ones (one varint byte, what single-byte mutations reach) and
 * full 32-bit ones; never 128–999, left to the honest editors of the fuzz test.
 */
export function someClientId(gen: prng.PRNG): number {
  return prng.bool(gen) ? prng.uint32(gen, 2, 127) : prng.uint32(gen, 1000, 0xffffffff)
}

/**
 * A server doc of varied shape: paragraphs, annotations with threads, decisions,
 * collations, written by several clients over a random history with deletions,
 * kept (gc false) or garbage-collected.
 */
export function variedServerDoc(gen: prng.PRNG, edits: number): Y.Doc {
  const server = new Y.Doc({ gc: prng.bool(gen) })
  const writer = new Y.Doc()
  writer.clientID = prng.oneOf(gen, [1, 2, 61, 29, 0xfffffffe])
  writer.transact(() => {
    for (const text of ['hello brave world', 'second paragraph', 'third']) {
      const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
      paragraph.insert(0, [new Y.XmlText(text)])
      writer.getXmlFragment(DOC_MODEL.fragment).push([paragraph])
    }
    writer.getMap(DOC_MODEL.meta).set('title', 'T')
    const annotation = newAnnotation('a1', ALICE.id)
    writer.getMap(DOC_MODEL.annotations).set('a1', annotation)
    ;(annotation.get('comments') as Y.Array<Y.Map<unknown>>).push([newComment('c1', ALICE.id), newComment('c2', 'acct-bob')])
  })
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer))
  const clients = [writer.clientID, someClientId(gen), someClientId(gen)]
  for (let i = 0; i < edits; i++) Y.applyUpdate(server, updateFrom(server, prng.oneOf(gen, clients), [prng.oneOf(gen, FITTING_CHANGES)], gen))
  return server
}

/** The update a client holding `server`'s state makes with `changes`, writing as `clientID`. */
export function updateFrom(server: Y.Doc, clientID: number, changes: Change[], gen: prng.PRNG): Uint8Array {
  const client = new Y.Doc()
  client.clientID = clientID
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  // Yjs renames a doc whose id arrives in a remote update; write on as that client.
  client.clientID = clientID
  const before = Y.encodeStateVector(client)
  client.transact(() => {
    for (const change of changes) change.apply(gen, client)
  })
  const update = Y.encodeStateAsUpdate(client, before)
  client.destroy()
  return update
}

/**
 * A peer that synced with the server at some point and edits on its own: what it
 * sends is concurrent with whatever the server took since.
 */
export interface Peer {
  doc: Y.Doc
  /** The server's state vector when the peer last synced. */
  syncedAt: Uint8Array
}

export function newPeer(server: Y.Doc, clientID: number): Peer {
  const doc = new Y.Doc()
  doc.clientID = clientID
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
  doc.clientID = clientID
  return { doc, syncedAt: Y.encodeStateVector(server) }
}

/** The shapes of real updates that reach the server, each made from the server doc and its peers. */
export const UPDATE_KINDS: { name: string; make: (gen: prng.PRNG, server: Y.Doc, peers: Peer[]) => Uint8Array }[] = [
  { name: 'fresh client', make: (gen, server) => updateFrom(server, someClientId(gen), pickChanges(gen), gen) },
  { name: 'client the server holds', make: (gen, server) => updateFrom(server, heldClient(gen, server), pickChanges(gen), gen) },
  {
    name: 'concurrent edit',
    make: (gen, _server, peers) => {
      const peer = prng.oneOf(gen, peers)
      const before = Y.encodeStateVector(peer.doc)
      peer.doc.transact(() => pickChanges(gen).forEach((change) => change.apply(gen, peer.doc)))
      return Y.encodeStateAsUpdate(peer.doc, before)
    },
  },
  {
    // What a reconnecting client sends: all it has that the server lacked when it last synced, much of it held by now.
    name: 'reconnect diff',
    make: (gen, _server, peers) => {
      const peer = prng.oneOf(gen, peers)
      peer.doc.transact(() => pickChanges(gen).forEach((change) => change.apply(gen, peer.doc)))
      return Y.encodeStateAsUpdate(peer.doc, peer.syncedAt)
    },
  },
  {
    name: 'full state',
    make: (gen, server) => {
      const client = new Y.Doc({ gc: prng.bool(gen) })
      const clientID = someClientId(gen)
      client.clientID = clientID
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
      client.clientID = clientID
      if (prng.bool(gen)) client.transact(() => pickChanges(gen).forEach((change) => change.apply(gen, client)))
      const update = Y.encodeStateAsUpdate(client)
      client.destroy()
      return update
    },
  },
  {
    name: 'two clients merged',
    make: (gen, server) => {
      const first = updateFrom(server, someClientId(gen), pickChanges(gen), gen)
      const after = new Y.Doc()
      Y.applyUpdate(after, Y.encodeStateAsUpdate(server))
      if (prng.bool(gen)) Y.applyUpdate(after, first)
      const second = updateFrom(after, someClientId(gen), pickChanges(gen), gen)
      after.destroy()
      return Y.mergeUpdates([first, second])
    },
  },
]

function pickChanges(gen: prng.PRNG): Change[] {
  const count = prng.uint32(gen, 1, 3)
  return Array.from({ length: count }, () => (prng.uint32(gen, 0, 15) === 0 ? prng.oneOf(gen, CHANGES) : prng.oneOf(gen, FITTING_CHANGES)))
}

function heldClient(gen: prng.PRNG, server: Y.Doc): number {
  return prng.oneOf(gen, [...server.store.clients.keys()])
}

/** A mutation of a real update: bytes, or decoded structs, sections and deletions edited and written again. */
export interface Mutation {
  name: string
  /** Null when it does not apply to this update (e.g. no structs to edit). */
  mutate: (gen: prng.PRNG, update: Uint8Array, server: Y.Doc) => Uint8Array | null
}

/** An id a mutated reference may point at: held by the doc, in the update, just past either, or nowhere. */
function someId(gen: prng.PRNG, server: Y.Doc, sections: WrittenSection[]): Y.ID {
  const clients = [...server.store.clients.keys(), ...sections.map((section) => section.client), someClientId(gen)]
  const client = prng.oneOf(gen, clients)
  const section = sections.find((candidate) => candidate.client === client)
  const end = Math.max(Y.getState(server.store, client), section ? section.clock + section.structs.reduce((sum, struct) => sum + struct.length, 0) : 0)
  const clock = prng.oneOf(gen, [0, Math.max(0, end - 1), end, end + 1, prng.uint32(gen, 0, end + 2)])
  return Y.createID(client, clock)
}

function withSections(update: Uint8Array, edit: (decoded: ReturnType<typeof decodeSections>) => boolean): Uint8Array | null {
  let decoded: ReturnType<typeof decodeSections>
  try {
    decoded = decodeSections(update)
  } catch {
    return null
  }
  if (!edit(decoded)) return null
  return encodeSections(decoded.sections, decoded.deletes)
}

function someItem(gen: prng.PRNG, sections: WrittenSection[]): Y.Item | null {
  const items = sections.flatMap((section) => section.structs).filter((struct): struct is Y.Item => struct instanceof Y.Item)
  return items.length === 0 ? null : prng.oneOf(gen, items)
}

const clockOf = (section: WrittenSection, index: number) => section.clock + section.structs.slice(0, index).reduce((sum, struct) => sum + struct.length, 0)

/** Rewrites the ids of a section's structs from `clock` on (Item.write takes them from the structs' lengths, the header from `clock`). */
function setClock(section: WrittenSection, clock: number): void {
  section.clock = clock
  let at = clock
  for (const struct of section.structs) {
    struct.id = Y.createID(section.client, at)
    at += struct.length
  }
}

export const MUTATIONS: Mutation[] = [
  {
    name: 'bytes',
    mutate: (gen, update) => {
      const copy = update.slice()
      const count = prng.uint32(gen, 1, 4)
      for (let i = 0; i < count; i++) copy[prng.uint32(gen, 0, copy.length - 1)] = prng.uint32(gen, 0, 255)
      return copy
    },
  },
  {
    // A varint nudged by a little: a clock, length, client or count one off.
    name: 'varint nudge',
    mutate: (gen, update) => {
      const copy = update.slice()
      const at = prng.uint32(gen, 0, copy.length - 1)
      copy[at] = (copy[at] & 0x80) | ((copy[at] + prng.oneOf(gen, [-2, -1, 1, 2])) & 0x7f)
      return copy
    },
  },
  {
    name: 'splice',
    mutate: (gen, update) => {
      const at = prng.uint32(gen, 0, update.length - 1)
      const cut = prng.uint32(gen, 0, Math.min(8, update.length - at))
      const insert = prng.bool(gen) ? update.slice(prng.uint32(gen, 0, update.length - 1)).slice(0, prng.uint32(gen, 1, 12)) : Uint8Array.from({ length: prng.uint32(gen, 0, 4) }, () => prng.uint32(gen, 0, 255))
      return Uint8Array.from([...update.slice(0, at), ...insert, ...update.slice(at + cut)])
    },
  },
  { name: 'truncate', mutate: (gen, update) => update.slice(0, prng.uint32(gen, 1, update.length - 1)) },
  {
    // Yjs keeps only a client's last section: the first part of a split client vanishes.
    name: 'split a section',
    mutate: (gen, update) =>
      withSections(update, ({ sections }) => {
        const index = sections.findIndex((section) => section.structs.length > 0)
        if (index < 0) return false
        const section = sections[index]
        const at = prng.uint32(gen, 0, section.structs.length)
        const tail = { client: section.client, clock: clockOf(section, at), structs: section.structs.slice(at) }
        section.structs = section.structs.slice(0, at)
        sections.splice(prng.bool(gen) ? index + 1 : sections.length, 0, tail)
        return true
      }),
  },
  {
    name: 'section client',
    mutate: (gen, update, server) =>
      withSections(update, ({ sections }) => {
        if (sections.length === 0) return false
        const section = prng.oneOf(gen, sections)
        section.client = prng.oneOf(gen, [...server.store.clients.keys(), ...sections.map((other) => other.client), someClientId(gen)])
        setClock(section, section.clock)
        return true
      }),
  },
  {
    name: 'section clock',
    mutate: (gen, update, server) =>
      withSections(update, ({ sections }) => {
        if (sections.length === 0) return false
        const section = prng.oneOf(gen, sections)
        const state = Y.getState(server.store, section.client)
        setClock(section, Math.max(0, prng.oneOf(gen, [0, state - 1, state + 1, section.clock - 1, section.clock + 1, prng.uint32(gen, 0, state + 3)])))
        return true
      }),
  },
  {
    name: 'drop a struct',
    mutate: (gen, update) =>
      withSections(update, ({ sections }) => {
        const section = sections.find((candidate) => candidate.structs.length > 1)
        if (!section) return false
        const at = prng.uint32(gen, 0, section.structs.length - 1)
        const [dropped] = section.structs.splice(at, 1)
        // Either the later structs move down a clock (references to them now miss) or keep theirs in a second section.
        if (prng.bool(gen) && at > 0 && at < section.structs.length) sections.push({ client: section.client, clock: dropped.id.clock + dropped.length, structs: section.structs.splice(at) })
        return true
      }),
  },
  {
    name: 'reference',
    mutate: (gen, update, server) =>
      withSections(update, ({ sections }) => {
        const item = someItem(gen, sections)
        if (!item) return false
        const target = prng.bool(gen) ? someId(gen, server, sections) : null
        switch (prng.uint32(gen, 0, 3)) {
          case 0:
            item.origin = target
            break
          case 1:
            item.rightOrigin = target
            break
          case 2:
            if (item.origin || item.rightOrigin) return false
            // A decoded item's parent is an id or a top-level name, as Item.write takes it.
            item.parent = (target ?? prng.oneOf(gen, [...Object.values(DOC_MODEL), 'secrets'])) as unknown as Y.Item['parent']
            break
          default:
            if (item.origin || item.rightOrigin) return false
            item.parentSub = prng.bool(gen) ? null : prng.oneOf(gen, ['comments', 'links', 'authorId', 'text', 'x'])
        }
        if (!item.origin && !item.rightOrigin && !item.parent) item.parent = DOC_MODEL.annotations as unknown as Y.Item['parent']
        return true
      }),
  },
  {
    name: 'content deleted or collected',
    mutate: (gen, update) =>
      withSections(update, ({ sections }) => {
        const section = sections.find((candidate) => candidate.structs.some((struct) => struct instanceof Y.Item))
        if (!section) return false
        const at = section.structs.findIndex((struct) => struct instanceof Y.Item)
        const item = section.structs[at] as Y.Item
        if (prng.bool(gen)) section.structs[at] = new Y.GC(item.id, item.length)
        else item.content = new Y.ContentDeleted(item.length)
        return true
      }),
  },
  {
    name: 'deletion',
    mutate: (gen, update, server) =>
      withSections(update, ({ sections, deletes }) => {
        const { client, clock } = someId(gen, server, sections)
        deletes.push([client, [[clock, prng.oneOf(gen, [0, 1, 2, prng.uint32(gen, 1, 50)])]]])
        return true
      }),
  },
  {
    name: 'swap sections',
    mutate: (_gen, update) =>
      withSections(update, ({ sections }) => {
        if (sections.length < 2) return false
        sections.reverse()
        return true
      }),
  },
]

/** 1–2 mutations of random kinds; byte-level ones half the time, as the original fuzzing. */
export function mutateUpdate(gen: prng.PRNG, update: Uint8Array, server: Y.Doc): { update: Uint8Array; names: string[] } {
  let current = update
  const names: string[] = []
  const count = prng.uint32(gen, 1, 2)
  for (let i = 0; i < count; i++) {
    const mutation = prng.bool(gen) ? MUTATIONS[0] : prng.oneOf(gen, MUTATIONS)
    const next = mutation.mutate(gen, current, server)
    if (next && next.length > 0) {
      current = next
      names.push(mutation.name)
    }
  }
  return { update: current, names }
}

/** Everything a client can observe: each top-level type's content. */
export function docContent(doc: Y.Doc): string {
  return stableJson({
    text: doc.getXmlFragment(DOC_MODEL.fragment).toJSON(),
    meta: doc.getMap(DOC_MODEL.meta).toJSON(),
    annotations: doc.getMap(DOC_MODEL.annotations).toJSON(),
    decisions: doc.getMap(DOC_MODEL.decisions).toJSON(),
    collations: doc.getMap(DOC_MODEL.collations).toJSON(),
    annotationTypes: doc.getMap(DOC_MODEL.annotationTypes).toJSON(),
  })
}

/** A shared type as the doc holds it. */
type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never

/** Where a doc's live content leaves the data model (DOC_SHAPE), or null when it fits everywhere. */
export function shapeMisfit(doc: Y.Doc): string | null {
  for (const [name, type] of doc.share) {
    const shape = DOC_SHAPE[name]
    if (!shape) {
      if (type._start !== null || type._map.size > 0) return `a top-level "${name}"`
      continue
    }
    const misfit = typeMisfit(type, shape, name)
    if (misfit) return misfit
  }
  return null
}

function typeMisfit(type: SharedType, shape: Shape, path: string): string | null {
  const entries: [string | null, Y.Item][] = [...type._map].filter(([, item]) => !item.deleted)
  for (let item = type._start; item; item = item.right) if (!item.deleted) entries.push([null, item])
  for (const [key, item] of entries) {
    const slot = slotOf(shape, key)
    const where = `${path}${key === null ? '[]' : `.${key}`}`
    if (!slot || !contentFits(item.content, slot)) return `${where} holds ${item.content.constructor.name}`
    if (item.content instanceof Y.ContentType && slot !== 'plain' && slot !== 'string') {
      if (!typeFits(item.content.type, slot)) return `${where} is a ${item.content.type.constructor.name}`
      const misfit = typeMisfit(item.content.type as SharedType, slot, where)
      if (misfit) return misfit
    }
  }
  return null
}

/**
 * Applies an update `checkUpdate` accepted to a copy of the server (`state`) and
 * says what broke, or null: Yjs threw; structs or deletions stay pending; what the
 * doc emitted, applied to the same state, gives another doc; a doc rebuilt from
 * the result differs; the content no longer fits the data model.
 */
export function brokenByApplying(state: Uint8Array, update: Uint8Array, gc: boolean): string | null {
  const doc = new Y.Doc({ gc })
  Y.applyUpdate(doc, state)
  const emitted: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => emitted.push(u))
  try {
    Y.applyUpdate(doc, update)
  } catch (error) {
    return `threw: ${error instanceof Error ? error.message : String(error)}`
  }
  if (doc.store.pendingStructs) return `pending structs, missing ${JSON.stringify([...doc.store.pendingStructs.missing])}`
  if (doc.store.pendingDs) return 'pending deletions'
  const replayed = new Y.Doc({ gc })
  Y.applyUpdate(replayed, state)
  for (const u of emitted) Y.applyUpdate(replayed, u)
  const rebuilt = new Y.Doc()
  Y.applyUpdate(rebuilt, Y.encodeStateAsUpdate(doc))
  let content: string
  try {
    content = docContent(doc)
  } catch (error) {
    return `content is not JSON: ${error instanceof Error ? error.message : String(error)}`
  }
  if (docContent(replayed) !== content || !Y.equalSnapshots(Y.snapshot(replayed), Y.snapshot(doc))) return 'what it emitted gives another doc'
  if (docContent(rebuilt) !== content) return 'a doc rebuilt from its state differs'
  if (rebuilt.store.pendingStructs || rebuilt.store.pendingDs || replayed.store.pendingStructs || replayed.store.pendingDs) return 'pending in a rebuilt doc'
  const misfit = shapeMisfit(doc)
  return misfit ? `shape: ${misfit}` : null
}
