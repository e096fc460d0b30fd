import type { DuplicateCluster, Occurrence } from '../../../core/duplicates'
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
