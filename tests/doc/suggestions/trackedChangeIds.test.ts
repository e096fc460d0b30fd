import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { annotationsMap, fragmentOf, openChanges, storedField, suggestDeletion, suggestInsertion } from '../../../doc'
import { trackedChangeIds } from '../../../doc/suggestions/trackedChangeIds'
import { docWith } from '../docHelpers'

const ana = { author: 'Ana', color: '#1d4ed8' }

/** The ids a walk over every annotation finds: what the index must always equal. */
function walked(ydoc: Y.Doc): string[] {
  const ids: string[] = []
  annotationsMap(ydoc).forEach((entry, id) => {
    const change = entry instanceof Y.Map ? storedField(entry, 'change') : undefined
    if (change === 'insert' || change === 'delete') ids.push(id)
  })
  return ids.sort()
}

function indexed(ydoc: Y.Doc): string[] {
  return [...trackedChangeIds(ydoc)].sort()
}

function entry(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(fields)) map.set(key, value)
  return map
}

describe('trackedChangeIds', () => {
  it('follows entries added, changed, replaced and removed, locally and from a replica', () => {
    const ydoc = docWith(['hello world'])
    const annotations = annotationsMap(ydoc) as Y.Map<unknown>
    annotations.set('note', entry({ type: 'comment' }))
    expect(indexed(ydoc)).toEqual([])
    const inserted = suggestInsertion(ydoc, 5, '!', ana)
    expect(indexed(ydoc)).toEqual([inserted])
    ;(annotations.get('note') as Y.Map<unknown>).set('change', 'delete')
    expect(indexed(ydoc)).toEqual([inserted, 'note'].sort())
    // Its `change` was created in `fields`: a key of that name takes its place (null: none).
    ;(annotations.get(inserted) as Y.Map<unknown>).set('change', null)
    expect(indexed(ydoc)).toEqual(['note'])
    annotations.set('note', entry({ type: 'comment' }))
    expect(indexed(ydoc)).toEqual([])
    annotations.set('x', entry({ change: 'insert' }))
    annotations.delete('x')
    expect(indexed(ydoc)).toEqual([])

    const replica = new Y.Doc()
    expect(indexed(replica)).toEqual([])
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(ydoc))
    expect(indexed(replica)).toEqual(walked(replica))
    const deleted = suggestDeletion(ydoc, 0, 2, ana)
    if (deleted.status !== 'marked') throw new Error('expected a marked deletion')
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(replica)))
    expect(indexed(replica)).toEqual([deleted.id])
    expect(indexed(replica)).toEqual(walked(replica))
  })

  it('is current in the observers of the transaction that made a change, and openChanges inside a transaction walks', () => {
    const ydoc = docWith(['hello world'])
    trackedChangeIds(ydoc)
    const seen: string[][] = []
    fragmentOf(ydoc).observeDeep(() => seen.push(openChanges(ydoc).map((c) => c.id)))
    let id = ''
    let inside: string[] = []
    ydoc.transact(() => {
      id = suggestInsertion(ydoc, 0, 'Oh, ', ana)
      inside = openChanges(ydoc).map((c) => c.id)
    })
    expect(inside).toEqual([id])
    expect(seen).toEqual([[id]])
  })

  for (const seed of [1, 2, 3]) {
    it(`equals a walk over every annotation after random edits on two replicas (seed ${seed})`, () => {
      const gen = prng.create(seed)
      const docs = [new Y.Doc(), new Y.Doc()]
      for (const d of docs) trackedChangeIds(d)
      for (let step = 0; step < 300; step++) {
        const d = docs[prng.uint32(gen, 0, 1)]
        const annotations = annotationsMap(d) as Y.Map<unknown>
        const id = `a${prng.uint32(gen, 0, 19)}`
        const current = annotations.get(id)
        const kind = prng.uint32(gen, 0, 4)
        const changeValue = prng.oneOf(gen, ['insert', 'delete', 'other', undefined])
        if (kind === 0) annotations.set(id, entry(changeValue === undefined ? { type: 'comment' } : { change: changeValue }))
        else if (kind === 1) annotations.delete(id)
        else if (kind === 2 && current instanceof Y.Map) {
          if (changeValue === undefined) current.delete('change')
          else current.set('change', changeValue)
        } else if (kind === 3 && current instanceof Y.Map) current.set('author', `p${step}`)
        else {
          const [from, to] = prng.bool(gen) ? docs : [docs[1], docs[0]]
          Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
        }
        for (const each of docs) expect(indexed(each)).toEqual(walked(each))
      }
    })
  }
})
