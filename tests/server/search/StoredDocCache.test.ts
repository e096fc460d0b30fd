import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'
import { StoredDocCache } from '../../../server/search/StoredDocCache'

describe('StoredDocCache', () => {
  let dir: string
  let db: Database.Database
  let persistence: SqlitePersistence
  let cache: StoredDocCache
  /** The writer's doc: every update it makes is stored, as the sync server does. */
  let source: Y.Doc

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-doccache-'))
    db = openDatabase(dir)
    new DocumentCatalog(db).insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'd', characters: 0 })
    persistence = new SqlitePersistence(db)
    source = new Y.Doc()
    source.on('update', (update: Uint8Array) => persistence.store('d', update))
    cache = new StoredDocCache(db)
  })
  afterEach(() => {
    cache.clear()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const type = (text: string) => source.getText('t').insert(source.getText('t').length, text)
  const cachedText = () => cache.current('d')?.getText('t').toString()
  const currentState = () => Y.encodeStateAsUpdate(source)

  it('is null while nothing is stored, then applies only the rows stored since', () => {
    expect(cache.current('d')).toBeNull()
    type('a')
    type('b')
    expect(cachedText()).toBe('ab')
    type('c')
    expect(cachedText()).toBe('abc')
    expect(cachedText()).toBe('abc')
    expect(cache.loads).toBe(1)
  })

  it('keeps its doc across a fold of rows it had applied', () => {
    type('a')
    type('b')
    const uptoB = currentState()
    type('c')
    expect(cachedText()).toBe('abc')
    // Rows 1 and 2 folded into the snapshot; row 3, the last the cache applied, stays.
    expect(persistence.foldLog('d', uptoB, 2, 2)).toBe(true)
    type('d')
    expect(cachedText()).toBe('abcd')
    expect(cache.loads).toBe(1)
  })

  it('loads anew when a fold took rows it had not applied', () => {
    type('a')
    expect(cachedText()).toBe('a')
    type('b')
    type('c')
    expect(persistence.foldLog('d', currentState(), 3, 3)).toBe(true)
    type('d')
    expect(cachedText()).toBe('abcd')
    expect(cache.loads).toBe(2)
  })

  it('loads anew when a restart after a whole-log fold reuses the sequence numbers it had seen', () => {
    type('a')
    type('b')
    expect(cachedText()).toBe('ab')
    persistence.compact('d', currentState())
    // A restarted server numbers the log from 1 again: rows 1 and 2 are new updates.
    persistence = new SqlitePersistence(db)
    type('c')
    type('d')
    expect(db.prepare("SELECT seq FROM updates WHERE document_id = 'd'").pluck().all()).toEqual([1, 2])
    expect(cachedText()).toBe('abcd')
    expect(cache.loads).toBe(2)
  })

  it('forgets a document whose stored state is gone', () => {
    type('a')
    expect(cachedText()).toBe('a')
    db.prepare("DELETE FROM updates WHERE document_id = 'd'").run()
    expect(cache.current('d')).toBeNull()
  })

  it('keeps the most recently used documents only', () => {
    const small = new StoredDocCache(db, 1)
    const catalog = new DocumentCatalog(db)
    catalog.insert({ id: 'e', title: 'E', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'e', characters: 0 })
    type('a')
    const other = new Y.Doc()
    other.getText('t').insert(0, 'x')
    persistence.store('e', Y.encodeStateAsUpdate(other))
    expect(small.current('d')?.getText('t').toString()).toBe('a')
    expect(small.current('e')?.getText('t').toString()).toBe('x')
    expect(small.current('d')?.getText('t').toString()).toBe('a')
    expect(small.loads).toBe(3)
    small.clear()
  })
})
