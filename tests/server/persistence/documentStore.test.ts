import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocumentSummary } from '../../../core/api'
import type { DocumentStore } from '../../../server/persistence/DocumentStore'
import type { PostgresDocumentStore } from '../../../server/persistence/postgres/PostgresDocumentStore'
import { postgresEngine, sqliteEngine, type EngineStore } from './engines'

/**
 * One storage suite, every case run against both engines (engines.ts): SQLite in
 * a temporary folder, and the machine's PostgreSQL in a database of its own.
 */
const summary = (id: string, overrides: Partial<DocumentSummary> = {}): DocumentSummary => ({
  id,
  title: `Title ${id}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  sourceHash: `hash-${id}`,
  characters: 12,
  sourceEncoding: 'utf-8',
  sourceFormat: 'txt',
  ...overrides,
})

/** Three updates of one doc, each typed after the previous, and the doc. */
function edits(words = ['one ', 'two ', 'three ']): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word)
  return { doc, updates }
}

const textOf = (state: Uint8Array | null): string => {
  const doc = new Y.Doc()
  if (state) Y.applyUpdate(doc, state)
  return doc.getText('t').toString()
}

const emptyState = (): Uint8Array => Y.encodeStateAsUpdate(new Y.Doc())

describe.each([sqliteEngine(), postgresEngine()])('DocumentStore on $name', (engine) => {
  const opened: DocumentStore[] = []
  const open = async (): Promise<EngineStore> => {
    const store = await engine.open()
    opened.push(store)
    return store
  }
  const reopen = async (): Promise<DocumentStore> => {
    const store = await engine.reopen()
    opened.push(store)
    return store
  }

  beforeAll(() => engine.setup())
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
  })
  afterAll(() => engine.teardown())

  it('names its engine', async () => {
    expect((await open()).engine).toBe(engine.name)
  })

  it('creates documents with their first state, lists them oldest first, and finds them by id and source hash', async () => {
    const store = await open()
    const { doc } = edits(['seed'])
    await store.createDocument(summary('b', { createdAt: '2025-01-02T00:00:00.000Z' }), Y.encodeStateAsUpdate(doc))
    await store.createDocument(summary('a', { createdAt: '2025-01-02T00:00:00.000Z', sourceEncoding: null, sourceFormat: null }), emptyState())
    await store.createDocument(summary('c', { createdAt: '2025-01-01T00:00:00.000Z' }), emptyState())
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['c', 'a', 'b'])
    expect(await store.getDocument('a')).toEqual(summary('a', { createdAt: '2025-01-02T00:00:00.000Z', sourceEncoding: null, sourceFormat: null }))
    expect(await store.getDocument('missing')).toBeNull()
    expect(await store.findBySourceHash('hash-b')).toEqual(summary('b', { createdAt: '2025-01-02T00:00:00.000Z' }))
    expect(await store.findBySourceHash('nope')).toBeNull()
    expect(textOf(await store.fetch('b'))).toBe('seed')
  })

  it('refuses a taken id or source hash and stores nothing of that document', async () => {
    const store = await open()
    await store.createDocument(summary('a'), emptyState())
    await expect(store.createDocument(summary('a', { sourceHash: 'other' }), emptyState())).rejects.toThrow()
    await expect(store.createDocument(summary('z', { sourceHash: 'hash-a' }), emptyState())).rejects.toThrow()
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['a'])
    expect(await store.fetch('z')).toBeNull()
  })

  it('renames, moves to the trash and restores: a trashed document is hidden but its id stays taken', async () => {
    const store = await open()
    await store.createDocument(summary('a'), emptyState())
    await store.createDocument(summary('b'), emptyState())
    expect(await store.renameDocument('a', 'Renamed')).toBe(true)
    expect(await store.renameDocument('missing', 'x')).toBe(false)
    expect((await store.getDocument('a'))?.title).toBe('Renamed')

    const at = new Date('2026-03-01T12:00:00.000Z')
    expect(await store.trashDocument('a', 'acct-1', at)).toBe(true)
    expect(await store.trashDocument('a', 'acct-1', at)).toBe(false)
    expect(await store.getDocument('a')).toBeNull()
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['b'])
    expect(await store.documentIdTaken('a')).toBe(true)
    expect(await store.documentIdTaken('missing')).toBe(false)
    expect(await store.renameDocument('a', 'In the trash')).toBe(false)
    expect(await store.listTrashed()).toEqual([
      { ...summary('a'), title: 'Renamed', trashedAt: '2026-03-01T12:00:00.000Z', trashedBy: 'acct-1', restorableUntil: '2026-03-31T12:00:00.000Z' },
    ])
    expect(await store.trashedDocument('b')).toBeNull()

    expect(await store.restoreDocument('a', new Date('2026-03-31T12:00:00.001Z'))).toBe('expired')
    expect(await store.restoreDocument('b', at)).toBe('not-trashed')
    expect(await store.restoreDocument('a', new Date('2026-03-30T00:00:00.000Z'))).toBe('restored')
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['a', 'b'])
    expect(await store.listTrashed()).toEqual([])
  })

  it('purges for good what went to the trash before a time, and nothing else', async () => {
    const store = await open()
    for (const id of ['a', 'b', 'c']) {
      const { doc, updates } = edits([`${id} one `, `${id} two`])
      await store.createDocument(summary(id), emptyState())
      // With an author, so that authorship rows are written too (they must go with the document).
      await store.storeMany(updates.map((update) => ({ documentId: id, update, author: { id: 'acct-1', name: 'Ada' } })))
      expect(textOf(await store.fetch(id))).toBe(doc.getText('t').toString())
    }
    await store.trashDocument('a', 'acct-1', new Date('2026-01-01T00:00:00.000Z'))
    await store.trashDocument('b', 'acct-1', new Date('2026-02-01T00:00:00.000Z'))

    expect(await store.purgeTrashed(new Date('2026-01-01T00:00:00.000Z'))).toEqual([])
    expect(await store.purgeTrashed(new Date('2026-01-31T00:00:00.000Z'))).toEqual(['a'])
    expect(await store.fetch('a')).toBeNull()
    expect(await store.logLength('a')).toBe(0)
    expect(await store.trashedDocument('a')).toBeNull()
    expect(await store.documentIdTaken('a')).toBe(false)
    expect(await store.findBySourceHash('hash-a')).toBeNull()
    expect((await store.listTrashed()).map((d) => d.id)).toEqual(['b'])
    expect(textOf(await store.fetch('b'))).toBe('b one b two')
    expect(textOf(await store.fetch('c'))).toBe('c one c two')
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['c'])

    // Nothing of the purged one is left to collide with: the id and content can come again, fresh.
    await store.createDocument(summary('a'), emptyState())
    expect(textOf(await store.fetch('a'))).toBe('')
    expect(await store.purgeTrashed(new Date('2027-01-01T00:00:00.000Z'))).toEqual(['b'])
    expect(await store.fetch('b')).toBeNull()
    expect((await store.listDocuments()).map((d) => d.id)).toEqual(['a', 'c'])
  })

  it('sets aside the source hash of a trashed document only, so the same content can come again', async () => {
    const store = await open()
    await store.createDocument(summary('a'), emptyState())
    expect(await store.setAsideSourceHash('a')).toBe(false)
    expect((await store.findBySourceHash('hash-a'))?.id).toBe('a')
    await store.trashDocument('a', 'acct-1', new Date('2026-03-01T12:00:00.000Z'))
    expect(await store.setAsideSourceHash('a')).toBe(true)
    expect(await store.setAsideSourceHash('a')).toBe(false)
    expect(await store.findBySourceHash('hash-a')).toBeNull()
    await store.createDocument(summary('b', { sourceHash: 'hash-a' }), emptyState())
    expect(await store.restoreDocument('a', new Date('2026-03-02T00:00:00.000Z'))).toBe('restored')
    expect((await store.listDocuments()).map((d) => [d.id, d.sourceHash])).toEqual([['a', 'hash-a#trashed:a'], ['b', 'hash-a']])
  })

  it('updates the character count', async () => {
    const store = await open()
    await store.createDocument(summary('a'), emptyState())
    await store.setCharacters('a', 99)
    await store.setCharacters('missing', 5)
    expect((await store.getDocument('a'))?.characters).toBe(99)
  })

  it('fetches null and a zero log for a document with nothing stored', async () => {
    const store = await open()
    expect(await store.fetch('nothing')).toBeNull()
    expect(await store.logLength('nothing')).toBe(0)
  })

  it('merges the snapshot and the log, in order, into one state', async () => {
    const store = await open()
    const { updates } = edits()
    await store.createDocument(summary('d'), updates[0])
    await store.storeMany([{ documentId: 'd', update: updates[1] }])
    await store.storeMany([{ documentId: 'd', update: updates[2] }])
    expect(await store.logLength('d')).toBe(2)
    expect(textOf(await store.fetch('d'))).toBe('one two three ')
  })

  it('stores a group commit of several documents in one call, and an empty one does nothing', async () => {
    const store = await open()
    await store.createDocument(summary('d'), emptyState())
    await store.createDocument(summary('e'), emptyState())
    const first = edits(['x', 'y'])
    const second = edits(['p', 'q', 'r'])
    await store.storeMany([])
    await store.storeMany([
      { documentId: 'd', update: first.updates[0] },
      { documentId: 'e', update: second.updates[0] },
      { documentId: 'd', update: first.updates[1] },
      { documentId: 'e', update: second.updates[1] },
      { documentId: 'e', update: second.updates[2] },
    ])
    expect(await store.logLength('d')).toBe(2)
    expect(await store.logLength('e')).toBe(3)
    expect(await store.documentsWithLog()).toEqual(['d', 'e'])
    expect(textOf(await store.fetch('d'))).toBe('xy')
    expect(textOf(await store.fetch('e'))).toBe('pqr')
  })

  it('logs a group commit in the order given, with one authorship row per clock range (one without a range for a delete)', async () => {
    const store = await open()
    await store.createDocument(summary('d'), emptyState())
    await store.createDocument(summary('e'), emptyState())
    const typing = edits(['a', 'b', 'c'])
    const deleting: Uint8Array[] = []
    typing.doc.on('update', (update: Uint8Array) => deleting.push(update))
    typing.doc.getText('t').delete(0, 1)
    const other = edits(['p'])
    const ada = { id: 'acct-1', name: 'Ada' }
    const bob = { id: 'acct-2', name: "Bob O'Brien, {x}" }
    await store.storeMany([
      { documentId: 'd', update: typing.updates[0], author: ada, at: 1001 },
      { documentId: 'e', update: other.updates[0], at: 1002 },
      { documentId: 'd', update: typing.updates[1], author: bob, at: 1003 },
      { documentId: 'd', update: typing.updates[2], author: ada, at: 1004 },
      { documentId: 'd', update: deleting[0], author: bob, at: 1005 },
    ])
    const logged = await store.sql.query<{ document_id: string; data: Uint8Array; principal_id: string | null; created_at: number }>(
      'SELECT document_id, data, principal_id, created_at FROM updates ORDER BY document_id, seq',
    )
    expect(logged.map((row) => [row.document_id, [...row.data], row.principal_id, row.created_at])).toEqual([
      ['d', [...typing.updates[0]], 'acct-1', 1001],
      ['d', [...typing.updates[1]], 'acct-2', 1003],
      ['d', [...typing.updates[2]], 'acct-1', 1004],
      ['d', [...deleting[0]], 'acct-2', 1005],
      ['e', [...other.updates[0]], null, 1002],
    ])
    const client = typing.doc.clientID
    const authored = await store.sql.query<Record<string, unknown>>(
      'SELECT document_id, client_id, clock_start, clock_end, principal_id, principal_name, created_at FROM authorship ORDER BY id',
    )
    expect(authored).toEqual([
      { document_id: 'd', client_id: client, clock_start: 0, clock_end: 1, principal_id: 'acct-1', principal_name: 'Ada', created_at: 1001 },
      { document_id: 'd', client_id: client, clock_start: 1, clock_end: 2, principal_id: 'acct-2', principal_name: "Bob O'Brien, {x}", created_at: 1003 },
      { document_id: 'd', client_id: client, clock_start: 2, clock_end: 3, principal_id: 'acct-1', principal_name: 'Ada', created_at: 1004 },
      { document_id: 'd', client_id: null, clock_start: null, clock_end: null, principal_id: 'acct-2', principal_name: "Bob O'Brien, {x}", created_at: 1005 },
    ])
  })

  it('stores all or nothing: a group commit with an update of an unknown document stores none of it', async () => {
    const store = await open()
    await store.createDocument(summary('d'), emptyState())
    const { updates } = edits(['x'])
    await expect(
      store.storeMany([
        { documentId: 'd', update: updates[0] },
        { documentId: 'unknown', update: updates[0] },
      ]),
    ).rejects.toThrow()
    expect(await store.logLength('d')).toBe(0)
    expect(textOf(await store.fetch('d'))).toBe('')
  })

  it('compacts the log into the snapshot without changing the state, and appends after it', async () => {
    const store = await open()
    await store.createDocument(summary('d'), emptyState())
    const { doc, updates } = edits()
    await store.storeMany(updates.map((update) => ({ documentId: 'd', update, author: { id: 'u1', name: 'Ann' }, at: 1000 })))
    await store.compact('d', Y.encodeStateAsUpdate(doc))
    expect(await store.logLength('d')).toBe(0)
    expect(await store.documentsWithLog()).toEqual([])
    expect(textOf(await store.fetch('d'))).toBe('one two three ')
    const more: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => more.push(update))
    doc.getText('t').insert(0, 'zero ')
    await store.storeMany([{ documentId: 'd', update: more[0] }])
    expect(await store.logLength('d')).toBe(1)
    expect(textOf(await store.fetch('d'))).toBe('zero one two three ')
  })

  it('keeps everything across a close and a reopen (a restart)', async () => {
    const store = await open()
    await store.createDocument(summary('d'), emptyState())
    const { updates } = edits()
    await store.storeMany(updates.map((update) => ({ documentId: 'd', update })))
    await store.close()
    opened.splice(opened.indexOf(store), 1)
    const again = await reopen()
    expect((await again.listDocuments()).map((d) => d.id)).toEqual(['d'])
    expect(await again.logLength('d')).toBe(3)
    expect(textOf(await again.fetch('d'))).toBe('one two three ')
    const later = edits(['four'])
    await again.storeMany([{ documentId: 'd', update: later.updates[0] }])
    expect(await again.logLength('d')).toBe(4)
  })
})

describe('PostgresDocumentStore shared by several instances', () => {
  const engine = postgresEngine()
  beforeAll(() => engine.setup())
  afterAll(() => engine.teardown())

  it('lets two stores on one database append to the same document at once, losing nothing and colliding on nothing', async () => {
    const first = await engine.open()
    const second = await engine.reopen()
    try {
      await first.createDocument(summary('d'), emptyState())
      const a = edits(['a1 ', 'a2 ', 'a3 ', 'a4 '])
      const b = edits(['b1 ', 'b2 ', 'b3 ', 'b4 '])
      await Promise.all(
        a.updates.flatMap((update, i) => [
          first.storeMany([{ documentId: 'd', update }]),
          second.storeMany([{ documentId: 'd', update: b.updates[i] }]),
        ]),
      )
      expect(await second.logLength('d')).toBe(8)
      const merged = new Y.Doc()
      Y.applyUpdate(merged, (await first.fetch('d'))!)
      const expected = new Y.Doc()
      Y.applyUpdate(expected, Y.encodeStateAsUpdate(a.doc))
      Y.applyUpdate(expected, Y.encodeStateAsUpdate(b.doc))
      expect(merged.getText('t').toString()).toBe(expected.getText('t').toString())
      expect(merged.getText('t').toString().split(' ').filter(Boolean).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'])
    } finally {
      await first.close()
      await second.close()
    }
  })
})

describe('PostgresDocumentStore.foldLog (the compactor on PostgreSQL)', () => {
  const engine = postgresEngine()
  let store: PostgresDocumentStore
  beforeAll(() => engine.setup())
  afterEach(() => store.close())
  afterAll(() => engine.teardown())

  it('folds the committed log into the snapshot, deletes the rows it folded, and returns how many', async () => {
    store = (await engine.open()) as EngineStore & PostgresDocumentStore
    await store.createDocument(summary('d'), emptyState())
    const { doc, updates } = edits()
    await store.storeMany(updates.map((update) => ({ documentId: 'd', update })))
    expect(await store.foldLog('d')).toBe(3)
    expect(await store.logLength('d')).toBe(0)
    expect(textOf(await store.fetch('d'))).toBe('one two three ')
    expect(await store.foldLog('d')).toBe(0)
    const more: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => more.push(update))
    doc.getText('t').insert(0, 'zero ')
    await store.storeMany([{ documentId: 'd', update: more[0] }])
    expect(textOf(await store.fetch('d'))).toBe('zero one two three ')
    expect(await store.foldLog('d')).toBe(1)
    expect(textOf(await store.fetch('d'))).toBe('zero one two three ')
    expect(store.folds).toBe(2)
  })
})
