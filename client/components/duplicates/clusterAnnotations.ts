import type { DuplicateCluster } from '../../../core/duplicates'
import { annotationsMap, fragmentOf, relativeRange, type NewAnnotation } from '../../annotations/annotationDoc'
import { FragmentText } from '../../annotations/fragmentText'
import type { AnnotationStore, AnnotationView } from '../../annotations/annotationStore'

/** One `duplicate` annotation of a flagged cluster, with the fields the Y.Doc stores beside NewAnnotation. */
export interface ClusterAnnotationInput extends NewAnnotation {
  id: string
  keep: boolean
  cluster: string
}

export interface FlagOptions {
  author: string
  /** Index of the occurrence the edition keeps (default 0, the first). */
  keep?: number
  /** New ids (annotation ids and the cluster id). */
  newId: () => string
}

/**
 * The annotations that flag `cluster`: one `duplicate` per occurrence, all sharing
 * a cluster id, each linked (rel 'duplicate-cluster') to every other occurrence,
 * the kept one marked `keep: true`. Ids are drawn first so the links can name them.
 * Throws RangeError when `keep` is not the index of an occurrence.
 */
export function clusterAnnotationInputs(cluster: Pick<DuplicateCluster, 'kind' | 'similarity' | 'occurrences'>, options: FlagOptions): ClusterAnnotationInput[] {
  const keep = options.keep ?? 0
  const count = cluster.occurrences.length
  if (!Number.isInteger(keep) || keep < 0 || keep >= count) throw new RangeError(`keep ${keep} is not an occurrence index (0..${count - 1})`)
  const clusterId = options.newId()
  const ids = cluster.occurrences.map(() => options.newId())
  const similarity = `${Math.round(cluster.similarity * 100)}% similar`
  return cluster.occurrences.map((occurrence, index) => ({
    id: ids[index],
    type: 'duplicate',
    author: options.author,
    start: occurrence.start,
    end: occurrence.end,
    comment: `Copy ${index + 1} of ${count} of a duplicated passage (${cluster.kind}, ${similarity}). ${index === keep ? 'This copy is kept.' : `Copy ${keep + 1} is kept.`}`,
    links: ids.filter((_, other) => other !== index).map((target) => ({ rel: 'duplicate-cluster', target })),
    keep: index === keep,
    cluster: clusterId,
  }))
}

/**
 * Writes the annotations in one Yjs transaction, so other editors receive the
 * whole cluster at once (never a partly linked one). Returns the ids. A failure
 * (RangeError: an occurrence outside the text) leaves nothing half-written
 * because every range is checked before the first write.
 */
export function flagCluster(store: AnnotationStore, inputs: readonly ClusterAnnotationInput[]): string[] {
  const text = new FragmentText(fragmentOf(store.ydoc))
  for (const input of inputs) {
    if (input.start < 0 || input.end > text.length || !relativeRange(text, input.start, input.end)) {
      throw new RangeError(`occurrence [${input.start}, ${input.end}) is not a passage of the text of length ${text.length}`)
    }
  }
  store.ydoc.transact(() => {
    for (const input of inputs) {
      const { keep, cluster, ...annotation } = input
      store.create(annotation)
      const entry = annotationsMap(store.ydoc).get(input.id)
      entry?.set('keep', keep)
      entry?.set('cluster', cluster)
    }
  })
  return inputs.map((input) => input.id)
}

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
