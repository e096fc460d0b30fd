import type { DuplicateCluster } from '../../../core/duplicates'
import type { AnnotationView } from '../../annotations/annotationStore'

/*
 * Which copies of a detected cluster are already flagged, read from the shared
 * annotations (whoever flagged them). Flagging itself is core/annotations
 * duplicateClusterAnnotations written by doc/annotations writeAnnotations.
 */

/**
 * The anchored `duplicate` annotations by range ("start:end" in projection
 * offsets) → whether that one is the kept copy. Built once per annotation list,
 * so checking every cluster costs O(annotations + occurrences), not their product.
 */
export type DuplicateIndex = ReadonlyMap<string, boolean>

export function indexDuplicates(annotations: readonly AnnotationView[]): DuplicateIndex {
  const index = new Map<string, boolean>()
  for (const a of annotations) {
    if (a.type !== 'duplicate' || a.resolution.status !== 'anchored') continue
    const key = `${a.resolution.start}:${a.resolution.end}`
    index.set(key, (index.get(key) ?? false) || a.keep === true)
  }
  return index
}

/**
 * Which occurrences of `cluster` are already flagged: an anchored `duplicate`
 * annotation covers exactly that occurrence. Lets the panel show a cluster as
 * done for every editor, whoever flagged it.
 */
export function flaggedOccurrences(cluster: Pick<DuplicateCluster, 'occurrences'>, index: DuplicateIndex): boolean[] {
  return cluster.occurrences.map((o) => index.has(`${o.start}:${o.end}`))
}

/**
 * The occurrence a flagged cluster keeps: the index of the occurrence whose
 * `duplicate` annotation says `keep: true`, or null when none does (not flagged,
 * or flagged by a client that did not choose).
 */
export function keptOccurrence(cluster: Pick<DuplicateCluster, 'occurrences'>, index: DuplicateIndex): number | null {
  const found = cluster.occurrences.findIndex((o) => index.get(`${o.start}:${o.end}`) === true)
  return found === -1 ? null : found
}

/**
 * What "keep this copy, remove the others" proposes to delete: every occurrence but
 * `keep` (an index), without any character of the kept one, since copies of one
 * passage may overlap (a run repeated back to back). Ranges are projection offsets,
 * in the order of the occurrences; an occurrence inside the kept one gives none.
 * Worked example: copies [0, 10) and [6, 16), keep 0 → [10, 16).
 */
export function removalsKeeping(occurrences: readonly { start: number; end: number }[], keep: number): Array<{ start: number; end: number }> {
  const kept = occurrences[keep]
  if (!kept) throw new RangeError(`keep ${keep} is not an occurrence index (0..${occurrences.length - 1})`)
  return occurrences.flatMap((o, index) => {
    if (index === keep) return []
    if (o.end <= kept.start || kept.end <= o.start) return [{ start: o.start, end: o.end }]
    return [{ start: o.start, end: kept.start }, { start: kept.end, end: o.end }].filter((r) => r.start < r.end)
  })
}
