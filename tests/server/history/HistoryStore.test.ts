import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seededRandom } from '../../../bench/seededRandom'
import { docState, HistoryStore } from '../../../server/persistence/HistoryStore'
import { engines, type EngineStore } from '../persistence/engines'

const DAY = 24 * 60 * 60 * 1000

/** The same suite on SQLite and on PostgreSQL (tests/server/persistence/engines.ts). */
describe.each(engines())('HistoryStore on $name', (engine) => {
  let store: HistoryStore
  let documents: EngineStore

  beforeAll(() => engine.setup())
  beforeEach(async () => {
    documents = await engine.open()
    store = new HistoryStore(documents.sql)
    await documents.createDocument(
      { id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'h', characters: 0, sourceEncoding: null, sourceFormat: null },
      Y.encodeStateAsUpdate(new Y.Doc()),
    )
  })
  afterEach(() => documents.close())
  afterAll(() => engine.teardown())

  /** A doc edited in `rounds` rounds of random typing and deleting, checkpointed after each: the texts by checkpoint id. */
  async function editAndCheckpoint(rounds: number, named: (round: number) => string | null = () => null): Promise<Map<number, string>> {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    const random = seededRandom(3)
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    const texts = new Map<number, string>()
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < 20; i++) {
        if (random() < 0.3 && text.length > 10) text.delete(Math.floor(random() * (text.length - 5)), 5)
        else text.insert(Math.floor(random() * (text.length + 1)), `r${round}i${i} `)
      }
      await documents.storeMany(updates.splice(0).map((update) => ({ documentId: 'd', update })))
      texts.set(await store.checkpoint('d', docState(doc), round * DAY, named(round)), text.toString())
    }
    return texts
  }

  async function textAt(id: number): Promise<string | null> {
    const state = await store.stateAt('d', id)
    if (!state) return null
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return doc.getText('t').toString()
  }

  it('rebuilds every checkpoint, mixing full states and deltas', async () => {
    const texts = await editAndCheckpoint(30)
    for (const [id, text] of texts) expect(await textAt(id)).toBe(text)
    const kinds = (await documents.sql.query<{ kind: string }>('SELECT kind FROM checkpoints ORDER BY id')).map((r) => r.kind)
    expect(kinds[0]).toBe('full')
    expect(kinds).toContain('delta')
    expect(kinds.slice(1)).toContain('full')
  })

  it('rebuilds every checkpoint given as what changed since an earlier one (DocState.since), full states included', async () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    const random = seededRandom(5)
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    const texts = new Map<number, string>()
    const written: Uint8Array[] = []
    for (let round = 0; round < 30; round++) {
      for (let i = 0; i < 20; i++) {
        if (random() < 0.3 && text.length > 10) text.delete(Math.floor(random() * (text.length - 5)), 5)
        else text.insert(Math.floor(random() * (text.length + 1)), `r${round}i${i} `)
      }
      await documents.storeMany(updates.splice(0).map((update) => ({ documentId: 'd', update })))
      // Since the latest checkpoint, or (every third round) the one before it: the delta then overlaps the latest.
      const since = written.length === 0 ? undefined : written[Math.max(0, written.length - (round % 3 === 0 ? 2 : 1))]
      const state = since ? { update: Y.encodeStateAsUpdate(doc, since), stateVector: Y.encodeStateVector(doc), since } : docState(doc)
      texts.set(await store.checkpoint('d', state, round * DAY), text.toString())
      written.push(state.stateVector)
    }
    for (const [id, expected] of texts) expect(await textAt(id)).toBe(expected)
    const kinds = (await documents.sql.query<{ kind: string }>('SELECT kind FROM checkpoints ORDER BY id')).map((r) => r.kind)
    expect(kinds[0]).toBe('full')
    expect(kinds).toContain('delta')
    // A full state written from the latest checkpoint's state and the delta since.
    expect(kinds.slice(1)).toContain('full')
  })

  it('refuses a state given since what the latest checkpoint does not hold, storing nothing', async () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'first')
    await store.checkpoint('d', docState(doc), 1)
    const ahead = new Y.Doc()
    ahead.getText('t').insert(0, 'elsewhere')
    doc.getText('t').insert(5, ' second')
    const since = Y.encodeStateVector(ahead)
    await expect(store.checkpoint('d', { update: Y.encodeStateAsUpdate(doc, since), stateVector: Y.encodeStateVector(doc), since }, 2)).rejects.toThrow(
      /the state is given since a state the latest checkpoint does not hold/,
    )
    expect((await store.versions('d')).length).toBe(1)
  })

  it('returns the latest checkpoint instead of a copy when nothing changed, and names it', async () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'x')
    const first = await store.checkpoint('d', docState(doc), 1)
    expect(await store.checkpoint('d', docState(doc), 2, 'kept')).toBe(first)
    expect(await store.versions('d')).toEqual([{ id: first, name: 'kept', createdAt: new Date(1).toISOString(), authors: [] }])
  })

  it('names the authors of the updates stored since the previous checkpoint, in order of appearance', async () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.getText('t').insert(0, 'ana ')
    await documents.storeMany([{ documentId: 'd', update: updates.pop()!, author: { id: 'a', name: 'Ana' } }])
    doc.getText('t').insert(4, 'ben ')
    await documents.storeMany([{ documentId: 'd', update: updates.pop()!, author: { id: 'b', name: 'Ben' } }])
    const first = await store.checkpoint('d', docState(doc), 1)
    doc.getText('t').insert(8, 'ana again')
    await documents.storeMany([{ documentId: 'd', update: updates.pop()!, author: { id: 'a', name: 'Ana' } }])
    const second = await store.checkpoint('d', docState(doc), 2)
    expect((await store.version('d', first))?.authors).toEqual([{ id: 'a', name: 'Ana' }, { id: 'b', name: 'Ben' }])
    expect((await store.version('d', second))?.authors).toEqual([{ id: 'a', name: 'Ana' }])
    expect((await store.authorship('d')).map((range) => range.author.id)).toEqual(['a', 'b', 'a'])
  })

  it('prunes old automatic checkpoints only, and every one left still rebuilds exactly', async () => {
    const texts = await editAndCheckpoint(30, (round) => (round % 7 === 3 ? `named ${round}` : null))
    const ids = [...texts.keys()]
    const dropped = await store.prune(20 * DAY)
    const left = (await store.versions('d')).map((v) => v.id)
    // Rounds 0..19 are older than day 20; rounds 3, 10 and 17 are named.
    expect(dropped).toBe(17)
    expect(left.length).toBe(30 - 17)
    for (const round of [3, 10, 17]) expect(left).toContain(ids[round])
    for (const id of left) expect(await textAt(id)).toBe(texts.get(id))
    expect(await textAt(ids[0])).toBeNull()
  })

  it('keeps each document\'s latest checkpoint however old', async () => {
    const texts = await editAndCheckpoint(3)
    expect(await store.prune(100 * DAY)).toBe(2)
    const [only] = await store.versions('d')
    expect(await textAt(only.id)).toBe(texts.get(only.id))
  })
})
