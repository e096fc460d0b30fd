import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seedDocument } from '../../../doc'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { DATABASE_FILE, openDatabase } from '../../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'
import { planSize } from '../../../server/search/planReindex'
import { readSearchEntries } from '../../../server/search/readSearchEntries'
import { SearchIndex } from '../../../server/search/SearchIndex'
import { startSearchPlanner, type SearchPlanner } from '../../../server/search/SearchPlanner'

describe('SearchPlanner (worker thread, cached docs)', () => {
  let dir: string
  let db: Database.Database
  let persistence: SqlitePersistence
  let planner: SearchPlanner
  let source: Y.Doc

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-planner-'))
    db = openDatabase(dir)
    new DocumentCatalog(db).insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'd', characters: 0 })
    persistence = new SqlitePersistence(db)
    source = new Y.Doc()
    Y.applyUpdate(source, seedDocument(Array.from({ length: 50 }, (_, i) => `paragraph ${i} here`), { title: 'D', sourceHash: 'd', createdAt: '2025-01-01T00:00:00.000Z' }))
    persistence.writeSnapshot('d', Y.encodeStateAsUpdate(source))
    source.on('update', (update: Uint8Array) => persistence.store('d', update))
    planner = startSearchPlanner(join(dir, DATABASE_FILE))
  })
  afterEach(async () => {
    await planner.stop()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const typeAtStart = (text: string) => ((source.getXmlFragment('prosemirror').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, text)

  /** Plans in the worker, writes the plan, and checks the rows are the source's entries. */
  async function reindexAndCheck(index: SearchIndex): Promise<void> {
    const summary = new DocumentCatalog(db).get('d')!
    const plan = await planner.plan('d', summary)
    index.writePlan('d', plan!, 0, Infinity)
    const rows = index.storedRows('d').map((r) => [r.kind, r.body, r.start, r.end]).sort()
    const entries = readSearchEntries(source, summary).map((e) => [e.kind, e.body, e.start, e.end]).sort()
    expect(rows).toEqual(entries)
    // Nothing left to do: the rows are the stored state's entries.
    expect(planSize((await planner.plan('d', summary))!)).toBe(0)
  }

  it('plans from the stored state across appends, a fold and a whole-log fold after a restart', async () => {
    const index = new SearchIndex(db)
    await reindexAndCheck(index)
    typeAtStart('one ')
    typeAtStart('two ')
    await reindexAndCheck(index)
    const folded = Y.encodeStateAsUpdate(source)
    typeAtStart('three ')
    await reindexAndCheck(index)
    const seqs = db.prepare("SELECT seq FROM updates WHERE document_id = 'd' ORDER BY seq").pluck().all() as number[]
    expect(persistence.foldLog('d', folded, seqs[1], 2)).toBe(true)
    typeAtStart('four ')
    await reindexAndCheck(index)
    // Everything folded, then a restarted server numbers the log from 1 again.
    persistence.compact('d', Y.encodeStateAsUpdate(source))
    persistence = new SqlitePersistence(db)
    typeAtStart('five ')
    typeAtStart('six ')
    typeAtStart('seven ')
    typeAtStart('eight ')
    typeAtStart('nine ')
    await reindexAndCheck(index)
  })
})
