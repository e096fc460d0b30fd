import type { DuplicateCluster, Occurrence, PairSimilarity } from '../../../core/duplicates'
import { isWide } from '../../../core/text'

/** What the panel shows of a cluster. `length` counts the characters of the longest copy, paragraph breaks excluded. */
export interface ClusterSummary {
  key: string
  count: number
  length: number
  /** Rounded percentage, 0..100. */
  similarity: number
  firstWords: string
}

/**
 * How much of a copy the list shows, in Han characters; a Latin letter or space
 * counts half (it is half as wide). Worked example: 24 shows
 * "据联合国开发计划署估算，哈萨克斯坦风力发电…" or "The committee reviewed the
 * annual budget and agreed…" (48 Latin characters), about two lines of the panel.
 */
const PREVIEW_CHARS = 24


/** The start of an occurrence on one line, cut at a word boundary for Latin text, with "…" when cut. */
export function firstWords(text: string, occurrence: Occurrence, max = PREVIEW_CHARS): string {
  const passage = text.slice(occurrence.start, occurrence.end).replace(/\s*\n\n\s*/g, ' ⁋ ').trim()
  let width = 0
  let end = 0
  while (end < passage.length) {
    // Han, kana, Hangul and full-width forms take a full em (isWide); everything else half.
    width += isWide(passage.charCodeAt(end)) ? 2 : 1
    if (width > max * 2) break
    end++
  }
  if (end >= passage.length) return passage
  let cut = passage.slice(0, end)
  const space = cut.lastIndexOf(' ')
  if (/[A-Za-z]$/.test(cut) && /[A-Za-z]/.test(passage[end]) && space > end / 2) cut = cut.slice(0, space)
  return `${cut.trimEnd()}…`
}

/**
 * A key that names a cluster across re-runs: its kind and its first copy's
 * text, which edits elsewhere in the document leave unchanged (offsets do not).
 * Two clusters with the same first text get "#2", "#3"... in text order.
 */
export function clusterKeys(text: string, clusters: readonly DuplicateCluster[]): string[] {
  const seen = new Map<string, number>()
  return clusters.map((cluster) => {
    const first = cluster.occurrences[0]
    const base = `${cluster.kind}:${text.slice(first.start, Math.min(first.end, first.start + 64))}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base}#${n}`
  })
}

/** The list line of every cluster, in the order given. */
export function summarizeClusters(text: string, clusters: readonly DuplicateCluster[]): ClusterSummary[] {
  const keys = clusterKeys(text, clusters)
  return clusters.map((cluster, index) => ({
    key: keys[index],
    count: cluster.occurrences.length,
    length: Math.max(...cluster.occurrences.map((o) => text.slice(o.start, o.end).replace(/\n\n/g, '').length)),
    similarity: Math.round(cluster.similarity * 100),
    firstWords: firstWords(text, cluster.occurrences[0]),
  }))
}

/** How alike two copies are, in words: "identical" or "98% the same". */
function alikeness(similarity: number): string {
  const percent = Math.round(similarity * 100)
  return similarity >= 1 ? 'identical' : `${percent === 100 ? 99 : percent}% the same`
}

/**
 * How alike copy `other` is to copy `to` (indexes into the occurrences): their pair's
 * similarity when the engine compared them, else the lowest similarity of a pair
 * `other` is in (the engine compares only enough pairs to connect the copies).
 */
function similarityTo(pairs: readonly PairSimilarity[], to: number, other: number): number {
  const direct = pairs.find((p) => (p.a === to && p.b === other) || (p.a === other && p.b === to))
  if (direct) return direct.similarity
  const touching = pairs.filter((p) => p.a === other || p.b === other).map((p) => p.similarity)
  return touching.length ? Math.min(...touching) : 0
}

/** "¶40 (98% the same)", "¶40 (identical) and ¶52 (97% the same)", "¶3, ¶9 and ¶40 (identical)" as a list in words. */
function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/**
 * Where a passage is and where it appears again, in plain words, from the
 * paragraph number (from 1) each copy starts in: "The passage in ¶12 appears
 * again in ¶40 (98% the same)." Copies are compared with the first one.
 */
export function describeCluster(paragraphNumbers: readonly number[], pairs: readonly PairSimilarity[]): string {
  const others = paragraphNumbers.slice(1).map((n, i) => `¶${n} (${alikeness(similarityTo(pairs, 0, i + 1))})`)
  return `The passage in ¶${paragraphNumbers[0]} appears again in ${listInWords(others)}.`
}

/**
 * What "keep this copy, remove the others" will do, in plain words: "Keep the copy
 * in ¶12, remove the copy in ¶40 (98% the same)." `keep` indexes the copies;
 * similarities are to the kept copy.
 */
export function describeKeeping(paragraphNumbers: readonly number[], pairs: readonly PairSimilarity[], keep: number): string {
  if (!Number.isInteger(keep) || keep < 0 || keep >= paragraphNumbers.length) throw new RangeError(`keep ${keep} is not a copy index (0..${paragraphNumbers.length - 1})`)
  const removed = paragraphNumbers.flatMap((n, i) => (i === keep ? [] : [`¶${n} (${alikeness(similarityTo(pairs, keep, i))})`]))
  return `Keep the copy in ¶${paragraphNumbers[keep]}, remove the ${removed.length === 1 ? 'copy' : 'copies'} in ${listInWords(removed)}.`
}
