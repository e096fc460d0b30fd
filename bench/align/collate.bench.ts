/**
 * Collation of 3 and 6 seeded witnesses of ~100 KB each (edits and moved
 * sentences, bench/align/generateWitnesses.ts), side by side with what the
 * pairwise engine alone does: alignWitnesses of the base against each other
 * witness. Target: six 100 KB witnesses ≤ 1 s. Moves found are counted per
 * planted moved sentence: found when a reported move has a place in that witness
 * covering at least half of the sentence.
 */
import { alignWitnesses, collateWitnesses, type MovePlace } from '../../core/align'
import { generateWitnessSet } from './generateWitnesses'

const WARMUP = 2
const RUNS = 7
const TARGET_MS: Record<number, number> = { 6: 1_000 }

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.floor(sorted.length / 2)]
}

const formatMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0))

/** Planted moved sentences covered by a reported place in their witness. */
function plantedFound(texts: readonly string[], moved: readonly string[][], places: readonly MovePlace[]): number {
  let found = 0
  moved.forEach((sentences, w) => {
    for (const s of sentences) {
      const start = texts[w].indexOf(s)
      if (start < 0) continue
      const end = start + s.length
      if (places.some((p) => p.witness === w && Math.min(p.range[1], end) - Math.max(p.range[0], start) >= s.length / 2)) found++
    }
  })
  return found
}

export default async function collateBench(): Promise<void> {
  const rows: string[][] = [[
    'witnesses', 'chars each', 'collate ms (first / median)', 'target', 'rows (differing)', 'moves', 'planted found (collate)',
    'pairwise vs base ms (median)', 'planted found (pairwise)', 'collate ÷ pairwise',
  ]]
  for (const count of [3, 6]) {
    const { texts, moved } = generateWitnessSet(100_000, count, 20250617 + count)
    let t = performance.now()
    let collation = collateWitnesses(texts)
    const cold = performance.now() - t
    for (let w = 0; w < WARMUP; w++) collateWitnesses(texts)
    const collateTimes: number[] = []
    for (let r = 0; r < RUNS; r++) {
      t = performance.now()
      collation = collateWitnesses(texts)
      collateTimes.push(performance.now() - t)
    }
    const pairwise = () => texts.slice(1).map((text) => alignWitnesses(texts[0], text))
    for (let w = 0; w < WARMUP; w++) pairwise()
    let alignments = pairwise()
    const pairTimes: number[] = []
    for (let r = 0; r < RUNS; r++) {
      t = performance.now()
      alignments = pairwise()
      pairTimes.push(performance.now() - t)
    }
    const ours = median(collateTimes)
    const theirs = median(pairTimes)
    const collatePlaces = collation.moves.flatMap((m) => m.places)
    const pairPlaces = alignments.flatMap((a, i) => a.moves.flatMap((m): MovePlace[] => [{ witness: 0, range: m.a }, { witness: i + 1, range: m.b }]))
    const planted = moved.reduce((n, list) => n + list.length, 0)
    const target = TARGET_MS[count]
    rows.push([
      String(count), texts.map((x) => x.length).join(' / '), `${formatMs(cold)} / ${formatMs(ours)}`,
      target === undefined ? '—' : `≤ ${target} ms ${ours <= target ? 'met' : 'MISSED'}`,
      `${collation.rows.length} (${collation.rows.filter((r) => r.readings.length > 1).length})`, String(collation.moves.length),
      `${plantedFound(texts, moved, collatePlaces)} / ${planted}`,
      formatMs(theirs), `${plantedFound(texts, moved, pairPlaces)} / ${planted}`, `${(ours / theirs).toFixed(2)}×`,
    ])
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  for (const [index, row] of rows.entries()) {
    console.log(`| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`)
    if (index === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  }
  console.log('\npairwise: alignWitnesses(base, w) for each other witness, the moves it reports between the base and w only;'
    + ' collate adds the pairs without the base (N - 1 + (N - 1)(N - 2)/2 alignments) and builds the table.')
}
