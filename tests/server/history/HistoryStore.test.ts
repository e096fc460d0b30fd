import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seededRandom } from '../../../bench/seededRandom'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { HistoryStore } from '../../../server/persistence/HistoryStore'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'

const DAY = 24 * 60 * 60 * 1000

describe('HistoryStore', () => {
  let dir: string
  let db: Database.Database
  let store: HistoryStore
  let persistence: SqlitePersistence

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-history-'))
    db = openDatabase(dir)
    store = new HistoryStore(db)
    persistence = new SqlitePersistence(db)
    new DocumentCatalog(db).insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'h', characters: 0 })
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A doc edited in `rounds` rounds of random typing and deleting, checkpointed after each: the texts by checkpoint id. */
  function editAndCheckpoint(rounds: number, named: (round: number) => string | null = () => null): Map<number, string> {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    const random = seededRandom(3)
    doc.on('update', (update: Uint8Array) => persistence.store('d', update))
    const texts = new Map<number, string>()
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < 20; i++) {
        if (random() < 0.3 && text.length > 10) text.delete(Math.floor(random() * (text.length - 5)), 5)
        else text.insert(Math.floor(random() * (text.length + 1)), `r${round}i${i} `)
      }
      texts.set(store.checkpoint('d', doc, round * DAY, named(round)), text.toString())
    }
    return texts
  }

  function textAt(id: number): string | null {
    const state = store.stateAt('d', id)
    if (!state) return null
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return doc.getText('t').toString()
  }

  it('rebuilds every checkpoint, mixing full states and deltas', () => {
    const texts = editAndCheckpoint(30)
    for (const [id, text] of texts) expect(textAt(id)).toBe(text)
    const kinds = db.prepare<[], { kind: string }>('SELECT kind FROM checkpoints ORDER BY id').all().map((r) => r.kind)
    expect(kinds[0]).toBe('full')
    expect(kinds).toContain('delta')
    expect(kinds.slice(1)).toContain('full')
  })

  it('returns the latest checkpoint instead of a copy when nothing changed, and names it', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'x')
    const first = store.checkpoint('d', doc, 1)
    expect(store.checkpoint('d', doc, 2, 'kept')).toBe(first)
    expect(store.versions('d')).toEqual([{ id: first, name: 'kept', createdAt: new Date(1).toISOString(), authors: [] }])
  })

  it('prunes old automatic checkpoints only, and every one left still rebuilds exactly', () => {
    const texts = editAndCheckpoint(30, (round) => (round % 7 === 3 ? `named ${round}` : null))
    const ids = [...texts.keys()]
    const dropped = store.prune(20 * DAY)
    const left = store.versions('d').map((v) => v.id)
    // Rounds 0..19 are older than day 20; rounds 3, 10 and 17 are named.
    expect(dropped).toBe(17)
    expect(left.length).toBe(30 - 17)
    for (const round of [3, 10, 17]) expect(left).toContain(ids[round])
    for (const id of left) expect(textAt(id)).toBe(texts.get(id))
    expect(textAt(ids[0])).toBeNull()
  })

  it('keeps each document\'s latest checkpoint however old', () => {
    const texts = editAndCheckpoint(3)
    expect(store.prune(100 * DAY)).toBe(2)
    const [only] = store.versions('d')
    expect(textAt(only.id)).toBe(texts.get(only.id))
  })
})
