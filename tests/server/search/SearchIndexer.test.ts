import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_SEARCH_LIMIT } from '../../../core/search'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { seedDocument } from '../../../doc'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { SearchIndex } from '../../../server/search/SearchIndex'
import { SearchIndexer } from '../../../server/search/SearchIndexer'

describe('SearchIndexer', () => {
  let dir: string
  let db: Database.Database
  let index: SearchIndex
  let doc: Y.Doc
  let failing: boolean
  let readCount: number
  const logged: string[] = []
  const indexed: string[] = []
  /** Resolved, oldest first, each time a document is indexed. */
  const waiters: (() => void)[] = []
  let indexer: SearchIndexer

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-indexer-'))
    db = openDatabase(dir)
    const catalog = new DocumentCatalog(db)
    catalog.insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'd', characters: 0 })
    index = new SearchIndex(db)
    doc = new Y.Doc()
    Y.applyUpdate(doc, seedDocument(['Kept in memory.', 'Second line.'], { title: 'D', sourceHash: 'd', createdAt: '2025-01-01T00:00:00.000Z' }))
    failing = false
    readCount = 0
    logged.length = 0
    indexed.length = 0
    indexer = new SearchIndexer({
      index,
      getDocument: async (id) => catalog.get(id),
      readDocument: async (_id, fn) => {
        readCount++
        if (failing) throw new Error('disk on fire')
        return fn(doc)
      },
      debounceMs: 20,
      maxDelayMs: 1_000,
      onIndexed: (id) => {
        indexed.push(id)
        waiters.shift()?.()
      },
      log: (line) => logged.push(line),
    })
  })
  afterEach(() => {
    indexer.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const hits = (text: string) => index.search({ text, document: null, kind: null, type: null, author: null, status: null, from: null, to: null, limit: DEFAULT_SEARCH_LIMIT }).hits
  const nextIndexed = () => new Promise<void>((resolve) => waiters.push(resolve))

  it('re-indexes once per burst of changes', async () => {
    const done = nextIndexed()
    for (let i = 0; i < 5; i++) indexer.documentChanged('d')
    expect(index.staleDocuments()).toEqual(['d'])
    await done
    expect(readCount).toBe(1)
    expect(hits('memory').map((h) => h.start)).toEqual([8])
    expect(index.staleDocuments()).toEqual([])
  })

  it('logs a failing re-index, never throws, and leaves the document stale for the next try', async () => {
    failing = true
    expect(await indexer.reindex('d')).toBe(false)
    expect(logged).toEqual(['search: could not re-index d: disk on fire'])
    index.markStale('d')
    expect(index.staleDocuments()).toEqual(['d'])
    failing = false
    expect(await indexer.reindex('d')).toBe(true)
    expect(index.staleDocuments()).toEqual([])
  })

  it('catches up on documents never indexed', async () => {
    const done = nextIndexed()
    indexer.catchUp()
    await done
    expect(hits('second line').map((h) => h.start)).toEqual([17])
  })
})
