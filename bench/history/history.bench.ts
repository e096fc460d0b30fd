/**
 * `npm run bench -- history`: version history on a ~1 MB document (the sample
 * repeated) after 10,000 edits by three clients, stored as the server stores
 * them (SQLite update log with principals, authorship rows, compaction every
 * 500 updates, a checkpoint every 500 edits, i.e. "every 5 minutes" of a busy
 * session). Measured side by side in one run, medians of ROUNDS:
 * - opening the present (stored state → Y.Doc → text), the baseline;
 * - opening a version (checkpoint chain → Y.Doc → text), oldest and middle;
 * - comparing a version with now (core/align alignWitnesses of the two texts);
 * and the storage: bytes per 1,000 edits of the log alone (no compaction, no
 * history) against compaction with history (snapshot + checkpoints + authorship),
 * each against the document's own encoded size. Target (issue 15): open and
 * compare ≤ 1 s each.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { alignWitnesses } from '../../core/align'
import { paragraphsFromPlainText } from '../../core/text'
import { fragmentOf, projectDocument, versionDoc } from '../../doc'
import { seedDocument } from '../../doc/text/seedDocument'
import { DocumentCatalog } from '../../server/documents/DocumentCatalog'
import { docState, HistoryStore } from '../../server/persistence/HistoryStore'
import { SqliteSql } from '../../server/persistence/SqlDatabase'
import { DATABASE_FILE, openDatabase } from '../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../server/persistence/SqlitePersistence'
import { seededRandom } from '../seededRandom'

const EDITS = 10_000
const COMPACT_EVERY = 500
const CHECKPOINT_EVERY = 500
const ROUNDS = 5
const TARGET_BYTES = 1_000_000
const USERS = ['ana', 'ben', 'chen']

const root = fileURLToPath(new URL('../..', import.meta.url))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now()
  const value = fn()
  return { ms: performance.now() - start, value }
}

/** The sample's paragraphs repeated to about TARGET_BYTES of UTF-8. */
function bigParagraphs(): string[] {
  const sample = paragraphsFromPlainText(readFileSync(join(root, 'documents/china-central-asia-summit-2025-06-17.txt'), 'utf8'))
  const bytes = Buffer.byteLength(sample.join('\n'))
  const copies = Math.ceil(TARGET_BYTES / bytes)
  return Array.from({ length: copies }, (_, copy) => sample.map((p) => `${copy}: ${p}`)).flat()
}

interface Stored {
  dir: string
  server: Y.Doc
  store: HistoryStore
  persistence: SqlitePersistence
  checkpoints: number[]
  logBytes: number
  /** Time spent storing the updates (SQLite inserts, and with history the authorship rows). */
  storeMs: number
  /** Encoded size of the same document kept with gc off (what Yjs snapshots would need). */
  noGcBytes: number
  close(): void
}

/** Replays EDITS random edits of three clients into a data folder, as the sync server stores them. */
async function replay(withHistory: boolean): Promise<Stored> {
  const dir = mkdtempSync(join(tmpdir(), 'variorum-bench-history-'))
  const db = openDatabase(dir)
  const persistence = new SqlitePersistence(db)
  const store = new HistoryStore(new SqliteSql(db))
  const seed = seedDocument(bigParagraphs(), { title: 'Big', sourceHash: 'h', createdAt: '2026-01-01T00:00:00.000Z' })
  new DocumentCatalog(db).insert({ id: 'big', title: 'Big', createdAt: '2026-01-01T00:00:00.000Z', sourceHash: 'h', characters: 0 })
  persistence.writeSnapshot('big', seed)
  const server = versionDoc(seed)
  const noGc = new Y.Doc({ gc: false })
  Y.applyUpdate(noGc, seed)
  const clients = USERS.map(() => versionDoc(seed))
  const checkpoints: number[] = []
  if (withHistory) checkpoints.push(await store.checkpoint('big', docState(server), 0))
  const random = seededRandom(15)
  let logBytes = 0
  let storeMs = 0
  let sinceCompaction = 0
  for (let edit = 0; edit < EDITS; edit++) {
    const k = edit % 3
    const client = clients[k]
    const fragment = fragmentOf(client)
    const paragraph = fragment.get(Math.floor(random() * fragment.length)) as Y.XmlElement
    const text = paragraph.get(0) as Y.XmlText
    let update: Uint8Array | null = null
    const capture = (u: Uint8Array): void => {
      update = u
    }
    client.once('update', capture)
    if (random() < 0.7 || text.length < 10) text.insert(Math.floor(random() * (text.length + 1)), 'word ')
    else text.delete(Math.floor(random() * (text.length - 5)), 1 + Math.floor(random() * 4))
    if (!update) continue
    Y.applyUpdate(server, update)
    Y.applyUpdate(noGc, update)
    for (const other of clients) if (other !== client) Y.applyUpdate(other, update)
    logBytes += (update as Uint8Array).length
    const started = performance.now()
    persistence.storeMany([{ documentId: 'big', update, author: withHistory ? { id: USERS[k], name: USERS[k] } : undefined, at: edit * 600 }])
    storeMs += performance.now() - started
    if (withHistory && ++sinceCompaction >= COMPACT_EVERY) {
      persistence.compact('big', Y.encodeStateAsUpdate(server))
      sinceCompaction = 0
    }
    if (withHistory && (edit + 1) % CHECKPOINT_EVERY === 0) checkpoints.push(await store.checkpoint('big', docState(server), edit * 600))
  }
  for (const client of clients) client.destroy()
  const noGcBytes = Y.encodeStateAsUpdate(noGc).length
  noGc.destroy()
  return {
    dir,
    server,
    store,
    persistence,
    checkpoints,
    logBytes,
    storeMs,
    noGcBytes,
    close() {
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.exec('VACUUM')
      db.close()
    },
  }
}

export default async function run(): Promise<void> {
  const logOnly = await replay(false)
  const ownBytes = Y.encodeStateAsUpdate(logOnly.server).length
  logOnly.close()
  const logOnlyFile = statSync(join(logOnly.dir, DATABASE_FILE)).size
  rmSync(logOnly.dir, { recursive: true, force: true })

  const history = await replay(true)
  const nowText = projectDocument(history.server)
  const oldest = history.checkpoints[0]
  const middle = history.checkpoints[Math.floor(history.checkpoints.length / 2)]
  const openNow: number[] = []
  const openOldest: number[] = []
  const openMiddle: number[] = []
  const compareOldest: number[] = []
  let oldestText = ''
  let middleText = ''
  for (let round = 0; round < ROUNDS; round++) {
    openNow.push(timed(() => {
      const doc = versionDoc(history.persistence.fetch('big')!)
      projectDocument(doc)
      doc.destroy()
    }).ms)
    const open = async (id: number) => {
      const started = performance.now()
      const doc = (await history.store.docAt('big', id))!
      const text = projectDocument(doc)
      doc.destroy()
      return { ms: performance.now() - started, value: text }
    }
    const o = await open(oldest)
    openOldest.push(o.ms)
    oldestText = o.value
    const m = await open(middle)
    openMiddle.push(m.ms)
    middleText = m.value
    compareOldest.push(timed(() => alignWitnesses(oldestText, nowText)).ms)
  }
  const checkpointBytes = await history.store.storedBytes('big')
  history.close()
  const historyFile = statSync(join(history.dir, DATABASE_FILE)).size
  rmSync(history.dir, { recursive: true, force: true })

  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`
  const ratio = (values: number[]) => `${(median(values) / median(openNow)).toFixed(2)}x`
  console.log(`document: ${(Buffer.byteLength(nowText) / 1e6).toFixed(2)} MB of text, ${ownBytes} bytes encoded; ${EDITS} edits by ${USERS.length} clients; ${history.checkpoints.length} checkpoints; medians of ${ROUNDS} rounds\n`)
  console.log('| operation | median | vs opening the present |')
  console.log('|---|---|---|')
  console.log(`| open the present (stored state → text) | ${ms(openNow)} | 1.00x |`)
  console.log(`| open the oldest version | ${ms(openOldest)} | ${ratio(openOldest)} |`)
  console.log(`| open a middle version | ${ms(openMiddle)} | ${ratio(openMiddle)} |`)
  console.log(`| compare the oldest version with now (alignWitnesses) | ${ms(compareOldest)} | ${ratio(compareOldest)} |`)
  console.log(`\n(middle version ${middleText.length} UTF-16 units)`)
  const per1000 = (bytes: number) => `${((bytes / EDITS) * 1000 / 1024).toFixed(1)} KiB`
  console.log('\n| storage after 10,000 edits | bytes | per 1,000 edits | vs the document\'s own encoded size |')
  console.log('|---|---|---|---|')
  console.log(`| update log alone (raw updates) | ${logOnly.logBytes} | ${per1000(logOnly.logBytes)} | ${(logOnly.logBytes / ownBytes).toFixed(2)}x |`)
  console.log(`| database, log only, no compaction, no history | ${logOnlyFile} | ${per1000(logOnlyFile - ownBytes)} over the doc | ${(logOnlyFile / ownBytes).toFixed(2)}x |`)
  console.log(`| database, compaction + history | ${historyFile} | ${per1000(historyFile - ownBytes)} over the doc | ${(historyFile / ownBytes).toFixed(2)}x |`)
  console.log(`| of which checkpoints | ${checkpointBytes} | ${per1000(checkpointBytes)} | ${(checkpointBytes / ownBytes).toFixed(2)}x |`)
  console.log(`| the document kept with gc off (for Yjs snapshots) | ${logOnly.noGcBytes} | ${per1000(logOnly.noGcBytes - ownBytes)} over the doc | ${(logOnly.noGcBytes / ownBytes).toFixed(2)}x |`)
  console.log(`\nstoring the ${EDITS} updates one per transaction: ${logOnly.storeMs.toFixed(0)} ms without history, ${history.storeMs.toFixed(0)} ms with principals and authorship rows (${(history.storeMs / logOnly.storeMs).toFixed(2)}x)`)
}
