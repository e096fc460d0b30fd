import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { flaggedOccurrences, indexDuplicates, keptOccurrence } from '../../../client/components/duplicates/flaggedDuplicates'
import { AnnotationStore } from '../../../client/annotations/annotationStore'
import { duplicateClusterAnnotations } from '../../../core/annotations'
import { annotationsMap, projectDocument, writeAnnotations } from '../../../doc'
import { docWith } from '../../doc/docHelpers'

const cluster = { kind: 'exact' as const, similarity: 1, occurrences: [{ start: 0, end: 4 }, { start: 6, end: 10 }, { start: 12, end: 16 }] }
const T = '2026-12-01T00:00:00.000Z'

function flag(ydoc: Y.Doc, keep: number, author = 'Ana') {
  return writeAnnotations(ydoc, duplicateClusterAnnotations(projectDocument(ydoc), cluster, { author, created: T, keep }))
}

describe('flagging a cluster', () => {
  it('writes linked duplicate annotations with keep and cluster into the Y.Doc in one transaction', () => {
    const ydoc = docWith(['abcd', 'abcd', 'abcd'])
    const store = new AnnotationStore(ydoc, null)
    let transactions = 0
    ydoc.on('afterTransaction', () => transactions++)
    expect(flaggedOccurrences(cluster, indexDuplicates(store.list()))).toEqual([false, false, false])
    const { written } = flag(ydoc, 0)
    expect(transactions).toBe(1)
    const list = store.list()
    expect(list.map((a) => [a.id, a.type, a.text, a.keep, a.cluster, a.links.length])).toEqual(
      written.map((id, i) => [id, 'duplicate', 'abcd', i === 0, list[0].cluster, 2]),
    )
    expect(flaggedOccurrences(cluster, indexDuplicates(list))).toEqual([true, true, true])
    store.destroy()
  })

  it('is idempotent: flagging again writes nothing', () => {
    const ydoc = docWith(['abcd', 'abcd', 'abcd'])
    expect(flag(ydoc, 0).written).toHaveLength(3)
    const again = flag(ydoc, 0, 'Bo')
    expect([again.written, again.skipped.length]).toEqual([[], 3])
    expect(annotationsMap(ydoc).size).toBe(3)
  })

  it('converges to one set when two editors flag the same cluster at the same moment', () => {
    const a = docWith(['abcd', 'abcd', 'abcd'])
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    flag(a, 0, 'Ana')
    flag(b, 2, 'Bo')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    for (const doc of [a, b]) {
      const store = new AnnotationStore(doc, null)
      expect(store.list()).toHaveLength(3)
      expect(new Set(store.list().map((v) => v.cluster)).size).toBe(1)
      expect(store.list().filter((v) => v.keep)).toHaveLength(1)
      store.destroy()
    }
    expect(annotationsMap(a).toJSON()).toEqual(annotationsMap(b).toJSON())
  })
})

describe('keptOccurrence', () => {
  it('reads the kept copy from the shared annotations, null before flagging', () => {
    const ydoc = docWith(['abcd', 'abcd', 'abcd'])
    const store = new AnnotationStore(ydoc, null)
    expect(keptOccurrence(cluster, indexDuplicates(store.list()))).toBeNull()
    flag(ydoc, 2)
    expect(keptOccurrence(cluster, indexDuplicates(store.list()))).toBe(2)
    store.destroy()
  })
})
