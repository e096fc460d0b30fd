/**
 * `npm run bench -- reindexUpkeep`: what keeping the search index current costs per
 * re-index of a 1 MB document typed in at its start (issue #20: every later
 * paragraph's offsets move). One document (bench/search/generateCorpus.ts, seeded)
 * stored as the server stores it (snapshot + update log, SqlitePersistence), indexed
 * once; then ROUNDS rounds of: UPDATES_PER_ROUND small updates stored at the start of
 * the second paragraph, a plan made as the planner thread makes it, and the plan
 * written as the indexer writes it (SearchIndex.writePlan).
 *
 * Side by side per round: planning from a fresh load of the stored state (what the
 * planner did at every re-index) and planning from StoredDocCache (applies only the
 * rows stored since); then the write's CPU and the bytes it appends to the WAL
 * (wal_autocheckpoint = 0, so the -wal file only grows).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { seedDocument } from '../../doc'
import { DocumentCatalog } from '../../server/documents/DocumentCatalog'
import { DATABASE_FILE, openDatabase } from '../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../server/persistence/SqlitePersistence'
import { prepareStoredStateRead, withStoredDoc } from '../../server/persistence/storedStateReads'
import { planReindex, planSize } from '../../server/search/planReindex'
import { readSearchEntries } from '../../server/search/readSearchEntries'
import { SearchIndex } from '../../server/search/SearchIndex'
import { StoredDocCache } from '../../server/search/StoredDocCache'
import { generateCorpus } from './generateCorpus'

const BYTES = 1_000_000
const ROUNDS = 8
const UPDATES_PER_ROUND = 40

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'variorum-bench-upkeep-'))
  const db = openDatabase(dir)
  try {
    db.pragma('wal_autocheckpoint = 0')
    const corpus = generateCorpus({ seed: 20, documents: 1, bytesPerDocument: BYTES, phrasesPerLanguage: 5 })
    const text = corpus.documents[0]
    const catalog = new DocumentCatalog(db)
    catalog.insert({ id: 'd', title: text.title, createdAt: '2025-06-01T00:00:00.000Z', sourceHash: 'd', characters: text.text.length })
    const persistence = new SqlitePersistence(db)
    const source = new Y.Doc()
    Y.applyUpdate(source, seedDocument(text.text.split('\n\n'), { title: text.title, sourceHash: 'd', createdAt: '2025-06-01T00:00:00.000Z' }))
    persistence.writeSnapshot('d', Y.encodeStateAsUpdate(source))
    source.on('update', (update: Uint8Array) => persistence.store('d', update))
    const summary = catalog.get('d')!
    const index = new SearchIndex(db)
    index.replaceDocument('d', readSearchEntries(source, summary))
    const readState = prepareStoredStateRead(db)
    const cache = new StoredDocCache(db)
    cache.current('d')
    const walBytes = () => statSync(join(dir, `${DATABASE_FILE}-wal`), { throwIfNoEntry: false })?.size ?? 0

    const fresh: number[] = []
    const cached: number[] = []
    const write: number[] = []
    const wal: number[] = []
    let rows = 0
    for (let round = 0; round < ROUNDS; round++) {
      db.pragma('wal_checkpoint(TRUNCATE)')
      const paragraph = source.getXmlFragment('prosemirror').get(1) as Y.XmlElement
      for (let i = 0; i < UPDATES_PER_ROUND; i++) (paragraph.get(0) as Y.XmlText).insert(0, 'x')
      let started = performance.now()
      const stored = db.transaction(() => ({ stored: readState('d'), rows: index.storedRows('d') }))()
      const planFresh = withStoredDoc(stored.stored, (doc) => planReindex(stored.rows, readSearchEntries(doc, summary)))
      fresh.push(performance.now() - started)
      started = performance.now()
      const plan = planReindex(index.storedRows('d'), readSearchEntries(cache.current('d')!, summary))
      cached.push(performance.now() - started)
      if (planSize(plan) !== planSize(planFresh)) throw new Error('the cached plan differs from the fresh one')
      rows = planSize(plan)
      const before = walBytes()
      started = performance.now()
      index.writePlan('d', plan, 0, Infinity)
      write.push(performance.now() - started)
      wal.push(walBytes() - before)
    }
    const ms = (samples: number[]) => median(samples).toFixed(1)
    console.log(`1 MB document, ${ROUNDS} rounds of ${UPDATES_PER_ROUND} updates at its start, ${rows} rows in each plan (medians):`)
    console.log(`  plan from a fresh load ${ms(fresh)} ms | plan from the cached doc ${ms(cached)} ms (${(median(fresh) / median(cached)).toFixed(1)} ×)`)
    console.log(`  write the plan ${ms(write)} ms, ${(median(wal) / 1024).toFixed(0)} KiB appended to the WAL`)
    cache.clear()
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
