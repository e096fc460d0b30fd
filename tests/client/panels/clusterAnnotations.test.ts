import { describe, expect, it } from 'vitest'
import { clusterAnnotationInputs, flagCluster, flaggedOccurrences, indexDuplicates, keptOccurrence } from '../../../client/components/duplicates/clusterAnnotations'
import { AnnotationStore } from '../../../client/annotations/annotationStore'
import { docWith } from '../annotations/docHelpers'

const cluster = { kind: 'exact' as const, similarity: 1, occurrences: [{ start: 0, end: 4 }, { start: 6, end: 10 }, { start: 12, end: 16 }] }
function counter(): () => string {
  let n = 0
  return () => `id${n++}`
}

describe('clusterAnnotationInputs', () => {
  it('makes one duplicate per occurrence, linked to the others, the chosen one kept', () => {
    const inputs = clusterAnnotationInputs(cluster, { author: 'Ana', keep: 1, newId: counter() })
    expect(inputs.map((i) => [i.id, i.type, i.start, i.end, i.keep, i.cluster])).toEqual([
      ['id1', 'duplicate', 0, 4, false, 'id0'],
      ['id2', 'duplicate', 6, 10, true, 'id0'],
      ['id3', 'duplicate', 12, 16, false, 'id0'],
    ])
    expect(inputs[0].links).toEqual([{ rel: 'duplicate-cluster', target: 'id2' }, { rel: 'duplicate-cluster', target: 'id3' }])
    expect(inputs[1].links?.map((l) => l.target)).toEqual(['id1', 'id3'])
    expect(inputs[0].comment).toBe('Copy 1 of 3 of a duplicated passage (exact, 100% similar). Copy 2 is kept.')
    expect(inputs[1].comment).toContain('This copy is kept.')
  })

  it('keeps the first occurrence by default and rejects a keep index that is no occurrence', () => {
    expect(clusterAnnotationInputs(cluster, { author: 'A', newId: counter() }).map((i) => i.keep)).toEqual([true, false, false])
    expect(() => clusterAnnotationInputs(cluster, { author: 'A', keep: 3, newId: counter() })).toThrow(RangeError)
  })
})

describe('flagCluster', () => {
  it('writes linked duplicate annotations with keep and cluster into the Y.Doc in one transaction', () => {
    const ydoc = docWith(['abcd', 'abcd', 'abcd'])
    const store = new AnnotationStore(ydoc, null)
    let transactions = 0
    ydoc.on('afterTransaction', () => transactions++)
    const inputs = clusterAnnotationInputs(cluster, { author: 'Ana', newId: counter() })
    expect(flaggedOccurrences(cluster, indexDuplicates(store.list()))).toEqual([false, false, false])
    const ids = flagCluster(store, inputs)
    expect(transactions).toBe(1)
    const list = store.list()
    expect(list.map((a) => [a.id, a.type, a.text, a.keep, a.cluster, a.links.length])).toEqual([
      ['id1', 'duplicate', 'abcd', true, 'id0', 2],
      ['id2', 'duplicate', 'abcd', false, 'id0', 2],
      ['id3', 'duplicate', 'abcd', false, 'id0', 2],
    ])
    expect(ids).toEqual(['id1', 'id2', 'id3'])
    expect(flaggedOccurrences(cluster, indexDuplicates(list))).toEqual([true, true, true])
    store.destroy()
  })

  it('writes nothing when an occurrence lies outside the text', () => {
    const ydoc = docWith(['abcd'])
    const store = new AnnotationStore(ydoc, null)
    const inputs = clusterAnnotationInputs({ ...cluster, occurrences: [{ start: 0, end: 4 }, { start: 6, end: 10 }] }, { author: 'A', newId: counter() })
    expect(() => flagCluster(store, inputs)).toThrow(RangeError)
    expect(store.list()).toEqual([])
    store.destroy()
  })
})

describe('keptOccurrence', () => {
  it('reads the kept copy from the shared annotations, null before flagging', () => {
    const ydoc = docWith(['abcd', 'abcd', 'abcd'])
    const store = new AnnotationStore(ydoc, null)
    expect(keptOccurrence(cluster, indexDuplicates(store.list()))).toBeNull()
    flagCluster(store, clusterAnnotationInputs(cluster, { author: 'A', keep: 2, newId: counter() }))
    expect(keptOccurrence(cluster, indexDuplicates(store.list()))).toBe(2)
    store.destroy()
  })
})
