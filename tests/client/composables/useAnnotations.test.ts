import { describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import * as Y from 'yjs'
import { PROVISIONAL_COUNT, useAnnotations } from '../../../client/composables/useAnnotations'
import { annotationStoreFor } from '../../../client/annotations/annotationRegistry'
import type { DocumentSession } from '../../../client/sync/documentSession'
import { annotatedDoc } from '../../doc/docHelpers'

/** `count` notes by three editors at seeded places. */
const seededNotes = (count: number): Y.Doc => annotatedDoc(count, 11, (i) => `editor${i % 3}`)

describe('useAnnotations', () => {
  it('shows a provisional list of the first annotations when a large document arrives, then the whole list from idle time', async () => {
    const ydoc = new Y.Doc()
    const scope = effectScope()
    const { list, complete } = scope.run(() => useAnnotations(shallowRef({ ydoc } as unknown as DocumentSession)))!
    expect(list.value).toEqual([])
    expect(complete.value).toBe(true)
    // The whole document in one update, as the sync's step 2 brings it.
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(seededNotes(700)))
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
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(seededNotes(40)))
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
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(seededNotes(700)))
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
