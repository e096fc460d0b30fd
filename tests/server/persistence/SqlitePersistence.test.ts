import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { MIGRATIONS } from '../../../server/persistence/migrations'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'

describe('SqlitePersistence', () => {
  let dir: string
  let db: Database.Database
  let persistence: SqlitePersistence

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-persistence-'))
    db = openDatabase(dir)
    persistence = new SqlitePersistence(db)
    new DocumentCatalog(db).insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'h', characters: 0 })
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Three updates of one doc, each typed after the previous. */
  function edits(): { doc: Y.Doc; updates: Uint8Array[] } {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (const word of ['one ', 'two ', 'three ']) doc.getText('t').insert(doc.getText('t').length, word)
    return { doc, updates }
  }

  const textOf = (state: Uint8Array | null): string => {
    const doc = new Y.Doc()
    if (state) Y.applyUpdate(doc, state)
    return doc.getText('t').toString()
  }

  it('leaves the connection at synchronous NORMAL (durability commit: no fsync in a commit)', () => {
    // Regression (issue #20): preparing `PRAGMA synchronous = FULL` (for durability fsync)
    // applied it, since SQLite sets the level at prepare time: every commit fsynced.
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    persistence.storeMany([{ documentId: 'd', update: edits().updates[0] }])
    expect(persistence.unsynced(() => db.pragma('synchronous', { simple: true }))).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
  })

  it('fetches null for a document with nothing stored', () => {
    expect(persistence.fetch('d')).toBeNull()
    expect(persistence.logLength('d')).toBe(0)
  })

  it('merges the snapshot and the log into one state', () => {
    const { updates } = edits()
    persistence.writeSnapshot('d', updates[0])
    persistence.store('d', updates[1])
    persistence.storeMany([{ documentId: 'd', update: updates[2] }])
    expect(persistence.logLength('d')).toBe(2)
    expect(textOf(persistence.fetch('d'))).toBe('one two three ')
  })

  it('folds the first rows of the log (a compaction computed elsewhere) and keeps the rows stored since', () => {
    const { updates } = edits()
    persistence.store('d', updates[0])
    persistence.store('d', updates[1])
    // The state of the first two rows, as the compactor's worker computes it from them.
    const folded = Y.mergeUpdates(updates.slice(0, 2))
    persistence.store('d', updates[2])
    expect(persistence.foldLog('d', folded, 2, 2)).toBe(true)
    expect(persistence.logLength('d')).toBe(1)
    expect(textOf(persistence.fetch('d'))).toBe('one two three ')
  })

  it('refuses a fold whose rows were compacted meanwhile, changing nothing', () => {
    const { doc, updates } = edits()
    persistence.store('d', updates[0])
    persistence.store('d', updates[1])
    const stale = Y.mergeUpdates(updates.slice(0, 2))
    persistence.store('d', updates[2])
    persistence.compact('d', Y.encodeStateAsUpdate(doc))
    expect(persistence.foldLog('d', stale, 2, 2)).toBe(false)
    expect(textOf(persistence.fetch('d'))).toBe('one two three ')
  })

  it('compacts the log into the snapshot without changing the state', () => {
    const { doc, updates } = edits()
    for (const update of updates) persistence.store('d', update)
    persistence.compact('d', Y.encodeStateAsUpdate(doc))
    expect(persistence.logLength('d')).toBe(0)
    expect(textOf(persistence.fetch('d'))).toBe('one two three ')
    // Appends after a compaction follow the snapshot.
    doc.getText('t').insert(0, '>')
    persistence.store('d', Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(persistence.fetch('d')!)))
    expect(textOf(persistence.fetch('d'))).toBe('>one two three ')
  })

  it('stores nothing of a batch when one entry fails', () => {
    const { updates } = edits()
    // 'nobody' is not in the catalog: the foreign key fails the whole transaction.
    expect(() => persistence.storeMany([{ documentId: 'd', update: updates[0] }, { documentId: 'nobody', update: updates[1] }])).toThrow()
    expect(persistence.fetch('d')).toBeNull()
  })
})

describe('openDatabase', () => {
  it('migrates once, records the schema version, and refuses a newer schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'variorum-migrate-'))
    try {
      const first = openDatabase(dir)
      expect(first.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
      expect(first.pragma('journal_mode', { simple: true })).toBe('wal')
      first.close()
      const again = openDatabase(dir)
      expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
      again.pragma(`user_version = ${MIGRATIONS.length + 1}`)
      again.close()
      expect(() => openDatabase(dir)).toThrow(/newer than this server/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
