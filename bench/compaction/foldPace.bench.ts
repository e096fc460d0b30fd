/**
 * `npm run bench -- foldPace`: the compactor's CPU per update and the opening time
 * it leaves, for a ~1.2 MB and a ~38 KB document, folding every 500 updates (before
 * issue #20's fix) against foldThreshold (a log in proportion to the snapshot), side
 * by side in one run. In-process and single-threaded: each case types UPDATES edits
 * into its own SQLite data folder, stored as the sync server stores them, and folds
 * the log as the compactor's worker thread does (read snapshot + log, load, encode,
 * opening paragraphs, foldLog) whenever it reaches the threshold; the fold's CPU is
 * process.cpuUsage around it. The opening (fetch = snapshot merged with the log, then
 * loaded into a Y.Doc, as a room's first update does) is timed when the log first
 * holds a full threshold, its worst point: median of ROUNDS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { paragraphsFromPlainText } from '../../core/text'
import { fragmentOf, MAX_OPENING, openingParagraphs, versionDoc } from '../../doc'
import { seedDocument } from '../../doc/text/seedDocument'
import { DocumentCatalog } from '../../server/documents/DocumentCatalog'
import { openDatabase } from '../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../server/persistence/SqlitePersistence'
import { prepareStoredStateRead, withStoredDoc } from '../../server/persistence/storedStateReads'
import { foldThreshold } from '../../server/sync/foldThreshold'
import { seededRandom } from '../seededRandom'

/** Edits per case: three folds of the 1 MB document at the new threshold (~2,300), sixteen at 500. */
const UPDATES = 8000
const COMPACT_AFTER = 500
const ROUNDS = 5
const SIZES = [
  { name: '1 MB', bytes: 1_000_000 },
  { name: '32 KB', bytes: 32_000 },
]

const root = fileURLToPath(new URL('../..', import.meta.url))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** The sample's paragraphs repeated or cut to about `bytes` of UTF-8. */
function paragraphsOf(bytes: number): string[] {
  const sample = paragraphsFromPlainText(readFileSync(join(root, 'documents/china-central-asia-summit-2025-06-17.txt'), 'utf8'))
  const out: string[] = []
  let total = 0
  for (let copy = 0; total < bytes; copy++) {
    for (const p of sample) {
      out.push(`${copy}: ${p}`)
      total += Buffer.byteLength(p) + 1
      if (total >= bytes) break
    }
  }
  return out
}

interface Case {
  snapshotBytes: number
  threshold: number
  folds: number
  foldCpuMs: number
  /** Updates the folds took out of the log. */
  folded: number
  openMs: number
  /** The opening with an empty log (the snapshot alone), the same way. */
  openSnapshotMs: number
  logRowsAtOpen: number
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start)
  return (user + system) / 1000
}

/** A room's opening: the store's fetch (snapshot merged with the log), loaded into a Y.Doc; median of ROUNDS. */
function timeOpening(persistence: SqlitePersistence): number {
  return median(
    Array.from({ length: ROUNDS }, () => {
      const started = performance.now()
      const doc = new Y.Doc()
      Y.applyUpdate(doc, persistence.fetch('d') ?? new Uint8Array())
      const ms = performance.now() - started
      doc.destroy()
      return ms
    }),
  )
}

function runCase(paragraphs: string[], newThreshold: boolean): Case {
  const dir = mkdtempSync(join(tmpdir(), 'variorum-bench-foldpace-'))
  const db = openDatabase(dir)
  try {
    const persistence = new SqlitePersistence(db)
    const read = db.transaction(prepareStoredStateRead(db))
    const seed = seedDocument(paragraphs, { title: 'Fold', sourceHash: 'h', createdAt: '2026-01-01T00:00:00.000Z' })
    new DocumentCatalog(db).insert({ id: 'd', title: 'Fold', createdAt: '2026-01-01T00:00:00.000Z', sourceHash: 'h', characters: 0 })
    persistence.writeSnapshot('d', seed)
    // What a room opening the document reads, as the threshold's input.
    const threshold = newThreshold ? foldThreshold(COMPACT_AFTER, seed.byteLength) : COMPACT_AFTER
    const client = versionDoc(seed)
    const random = seededRandom(20)
    let log = 0
    let folds = 0
    let folded = 0
    let foldCpuMs = 0
    let openMs = Number.NaN
    const openSnapshotMs = timeOpening(persistence)
    for (let edit = 0; edit < UPDATES; edit++) {
      const fragment = fragmentOf(client)
      const text = (fragment.get(Math.floor(random() * fragment.length)) as Y.XmlElement).get(0) as Y.XmlText
      let update: Uint8Array | null = null
      client.once('update', (u: Uint8Array) => {
        update = u
      })
      text.insert(Math.floor(random() * (text.length + 1)), 'word ')
      if (!update) continue
      persistence.storeMany([{ documentId: 'd', update, at: edit }])
      if (++log < threshold) continue
      if (Number.isNaN(openMs)) {
        openMs = timeOpening(persistence)
      }
      // The compactor's fold (compactorWorkerThread.ts), then its write (startCompactor.ts).
      const started = process.cpuUsage()
      const stored = read('d')
      const result = withStoredDoc(stored, (doc) => ({
        state: Y.encodeStateAsUpdate(doc),
        opening: openingParagraphs(doc, { at: 0, ...MAX_OPENING }),
      }))
      persistence.foldLog('d', result.state, stored.log[stored.log.length - 1].seq, stored.log.length, result.opening)
      foldCpuMs += cpuMs(started)
      folds++
      folded += stored.log.length
      log = 0
    }
    client.destroy()
    return { snapshotBytes: seed.byteLength, threshold, folds, foldCpuMs, folded, openMs, openSnapshotMs, logRowsAtOpen: threshold }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export default async function run(): Promise<void> {
  console.log(`${UPDATES} typed updates per case, fold CPU = process.cpuUsage around each fold; opening: median of ${ROUNDS}, with the log at the threshold`)
  console.log('fold CPU µs/upd: the folds\' CPU over the updates they folded; opening ms: snapshot alone, then with the log at the old and the new threshold')
  console.log('| doc | snapshot bytes | threshold old → new | folds old / new | fold CPU µs/upd old | new | new/old | opening ms snapshot alone | log at old (rows) | at new (rows) | new/old |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const size of SIZES) {
    const paragraphs = paragraphsOf(size.bytes)
    const old = runCase(paragraphs, false)
    const now = runCase(paragraphs, true)
    const perUpdate = (c: Case): number => (c.foldCpuMs * 1000) / c.folded
    console.log(
      `| ${size.name} | ${old.snapshotBytes} | ${old.threshold} → ${now.threshold} | ${old.folds} / ${now.folds} | ${perUpdate(old).toFixed(1)} | ${perUpdate(now).toFixed(1)} | ${(perUpdate(now) / perUpdate(old)).toFixed(2)}× | ${old.openSnapshotMs.toFixed(1)} | ${old.openMs.toFixed(1)} (${old.logRowsAtOpen}) | ${now.openMs.toFixed(1)} (${now.logRowsAtOpen}) | ${(now.openMs / old.openMs).toFixed(2)}× |`,
    )
  }
}
