/**
 * Witness alignment against diff-match-patch (Diff_Timeout = 0, diff_cleanupSemantic)
 * and jsdiff (diffChars with a time cap), on seeded 1 KB, 100 KB and 1 MB pairs with
 * edits and moved sentences. Targets: 1 MB ≤ 1 s, 100 KB ≤ 50 ms, moves found.
 * The baselines run in worker threads so one that does not finish is stopped at the cap.
 */
import { Worker } from 'node:worker_threads'
import { alignWitnesses } from '../../core/align'
import { generateWitnessPair } from './generateWitnesses'

/** A baseline still running after this long is stopped and reported as not finished. */
const CAP_MS = 20_000

interface BaselineResult { ms: number; pieces?: number; unfinished?: boolean }

function runBaseline(library: 'diff-match-patch' | 'jsdiff', a: string, b: string): Promise<BaselineResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./baselineWorker.mjs', import.meta.url), { workerData: { library, a, b, capMs: CAP_MS } })
    const timer = setTimeout(() => {
      void worker.terminate()
      resolve({ ms: CAP_MS, unfinished: true })
    }, CAP_MS + 2_000)
    worker.once('message', (result: BaselineResult) => {
      clearTimeout(timer)
      void worker.terminate()
      resolve(result)
    })
    worker.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.floor(sorted.length / 2)]
}

const formatMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0))

export default async function alignBench(): Promise<void> {
  const cases = [
    // warm-up runs let the JIT settle: the first runs of a fresh process are 5-10× slower
    { name: '1 KB', size: 1_000, warmup: 20, runs: 101, target: Infinity },
    { name: '100 KB', size: 100_000, warmup: 5, runs: 21, target: 50 },
    { name: '1 MB', size: 1_000_000, warmup: 2, runs: 7, target: 1_000 },
  ]
  const rows: string[][] = [[
    'pair', 'A / B chars', 'variorum ms (first run / median)', 'target', 'segments', 'moves found / planted',
    'dmp ms', 'dmp diffs', 'dmp ÷ variorum', 'jsdiff ms', 'jsdiff changes', 'jsdiff ÷ variorum',
  ]]
  for (const c of cases) {
    const pair = generateWitnessPair(c.size, 20250617 + c.size)
    let t = performance.now()
    let alignment = alignWitnesses(pair.a, pair.b)
    const cold = performance.now() - t
    for (let w = 0; w < c.warmup; w++) alignWitnesses(pair.a, pair.b)
    const times: number[] = []
    for (let r = 0; r < c.runs; r++) {
      t = performance.now()
      alignment = alignWitnesses(pair.a, pair.b)
      times.push(performance.now() - t)
    }
    const ours = median(times)
    const dmp = await runBaseline('diff-match-patch', pair.a, pair.b)
    const jsdiff = await runBaseline('jsdiff', pair.a, pair.b)
    const show = (result: BaselineResult) => (result.unfinished ? `did not finish in ${CAP_MS / 1000} s` : formatMs(result.ms))
    const ratio = (result: BaselineResult) => (result.unfinished ? `> ${Math.round(CAP_MS / ours)}×` : `${(result.ms / ours).toFixed(1)}×`)
    rows.push([
      c.name, `${pair.a.length} / ${pair.b.length}`, `${formatMs(cold)} / ${formatMs(ours)}`,
      c.target === Infinity ? '—' : `≤ ${c.target} ms ${ours <= c.target ? 'met' : 'MISSED'}`,
      String(alignment.segments.length), `${alignment.moves.length} / ${pair.plantedMoves}`,
      show(dmp), String(dmp.pieces ?? '—'), ratio(dmp),
      show(jsdiff), String(jsdiff.pieces ?? '—'), ratio(jsdiff),
    ])
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  for (const [index, row] of rows.entries()) {
    console.log(`| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`)
    if (index === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  }
  console.log('\nmoves planted: sentences moved elsewhere by the generator; a moved sentence that was also edited, or moved next to its old place, is not an exact move.')
}
