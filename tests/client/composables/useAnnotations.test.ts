import { describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { createAnnotation, fragmentOf, FragmentText } from '../../../doc'
import { PROVISIONAL_COUNT, useAnnotations } from '../../../client/composables/useAnnotations'
import { annotationStoreFor } from '../../../client/annotations/annotationRegistry'
import type { DocumentSession } from '../../../client/sync/documentSession'
import { docWith } from '../../doc/docHelpers'

/** A document with `count` notes at seeded places. */
function annotatedDoc(count: number): Y.Doc {
  const ydoc = docWith(Array.from({ length: 60 }, (_, i) => `paragraph ${i} holds a few words that notes are written on, and more words`))
  const gen = prng.create(11)
  let made = 0
  while (made < count) {
    const text = new FragmentText(fragmentOf(ydoc))
    const start = prng.int32(gen, 0, text.length - 3)
    try {
      createAnnotation(ydoc, { type: 'note', author: `editor${made % 3}`, start, end: start + prng.int32(gen, 1, 20) })
      made++
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
    }
  }
  return ydoc
}

describe('useAnnotations', () => {
  it('shows a provisional list of the first annotations when a large document arrives, then the whole list from idle time', async () => {
    const ydoc = new Y.Doc()
    const scope = effectScope()
    const { list, complete } = scope.run(() => useAnnotations(shallowRef({ ydoc } as unknown as DocumentSession)))!
    expect(list.value).toEqual([])
    expect(complete.value).toBe(true)
    // The whole document in one update, as the sync's step 2 brings it.
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(annotatedDoc(700)))
    const store = annotationStoreFor(ydoc)
    expect(complete.value).toBe(false)
    expect(store.listed).toBe(false)
    const provisional = list.value
    expect(provisional.length).toBe(PROVISIONAL_COUNT)
    await vi.waitFor(() => expect(complete.value).toBe(true), { timeout: 20_000 })
    expect(list.value).toBe(store.list())
    expect(list.value.length).toBe(700)
    // The provisional list was the whole list's beginning, as the same objects (no card redrawn).
    provisional.forEach((view, i) => expect(list.value[i]).toBe(view))
    scope.stop()
    ydoc.destroy()
  })

  it('lists a small document at once', () => {
    const ydoc = new Y.Doc()
    const scope = effectScope()
    const { list, complete } = scope.run(() => useAnnotations(shallowRef({ ydoc } as unknown as DocumentSession)))!
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(annotatedDoc(40)))
    expect(complete.value).toBe(true)
    expect(list.value.length).toBe(40)
    scope.stop()
    ydoc.destroy()
  })
})

describe('useAnnotations without a provisional list', () => {
  it('keeps the list it held while a large document is listed in idle time, then shows the whole list', async () => {
    const ydoc = new Y.Doc()
    const scope = effectScope()
    const { list, complete } = scope.run(() => useAnnotations(shallowRef({ ydoc } as unknown as DocumentSession), { provisional: false }))!
    const before = list.value
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(annotatedDoc(700)))
    expect(complete.value).toBe(false)
    expect(list.value).toBe(before)
    expect(annotationStoreFor(ydoc).listed).toBe(false)
    await vi.waitFor(() => expect(complete.value).toBe(true), { timeout: 20_000 })
    expect(list.value.length).toBe(700)
    expect(list.value).toBe(annotationStoreFor(ydoc).list())
    scope.stop()
    ydoc.destroy()
  })
})
