import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { annotationsMap, createAnnotation, DOC_MODEL, fragmentOf, FragmentText, readAnnotation, refreshSelectors, resolveAnnotation } from '../../../doc'
import { AnnotationStore, COLD_LIST_MIN, type AnnotationView } from '../../../client/annotations/annotationStore'
import { annotatedDoc, docWith, textOf } from '../../doc/docHelpers'

/** Every annotation's resolution computed from scratch, by id. */
function resolvedFromScratch(ydoc: Y.Doc): Map<string, unknown> {
  const text = new FragmentText(fragmentOf(ydoc))
  const out = new Map<string, unknown>()
  annotationsMap(ydoc).forEach((entry, id) => out.set(id, resolveAnnotation(ydoc, text, entry as Y.Map<unknown>)))
  return out
}

/** Checks that the store's (incrementally kept) resolutions equal a full resolution. */
function checkStore(store: AnnotationStore, ydoc: Y.Doc): void {
  const expected = resolvedFromScratch(ydoc)
  const listed = store.list()
  expect(listed.length).toBe(expected.size)
  for (const view of listed) expect(view.resolution).toEqual(expected.get(view.id))
}

describe('AnnotationStore.list', () => {
  it('after seeded random edits in and across paragraphs and selector refreshes, lists what a full resolution finds', () => {
    const gen = prng.create(2026)
    const paragraphs = Array.from({ length: 12 }, (_, i) => `paragraph ${i} with some words in it to annotate`)
    const ydoc = docWith(paragraphs)
    const store = new AnnotationStore(ydoc, null)
    for (let i = 0; i < 60; i++) {
      const text = new FragmentText(fragmentOf(ydoc))
      const start = prng.int32(gen, 0, text.length - 3)
      try {
        createAnnotation(ydoc, { type: 'note', author: 'Ana', start, end: start + prng.int32(gen, 1, 30) })
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
      }
    }
    checkStore(store, ydoc)
    const fragment = ydoc.getXmlFragment(DOC_MODEL.fragment)
    for (let round = 0; round < 200; round++) {
      const kind = prng.int32(gen, 0, 9)
      const count = fragment.length
      if (kind === 0 && count > 2) {
        fragment.delete(prng.int32(gen, 0, count - 1), 1)
      } else if (kind === 2) {
        // Rewrites the anchors of the annotations whose text moved (what a pause in typing does).
        refreshSelectors(ydoc)
      } else if (kind === 1) {
        const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
        paragraph.insert(0, [new Y.XmlText('a new paragraph')])
        fragment.insert(prng.int32(gen, 0, count), [paragraph])
      } else {
        const target = textOf(ydoc, prng.int32(gen, 0, count - 1))
        const at = prng.int32(gen, 0, target.length)
        if (kind < 5 && target.length > at) target.delete(at, Math.min(target.length - at, prng.int32(gen, 1, 6)))
        else target.insert(at, prng.word(gen, 1, 5))
      }
      // Read only some of the time, so that several edits pile up between two reads.
      if (round % 3 === 0) checkStore(store, ydoc)
    }
    checkStore(store, ydoc)
    store.destroy()
  })
})

/** A scheduler run by hand, with no idle time left: every chunk is the minimum. */
function manualIdle() {
  const queue: ((deadline: { timeRemaining(): number }) => void)[] = []
  const schedule = (fn: (deadline: { timeRemaining(): number }) => void) => {
    queue.push(fn)
    return () => {
      const at = queue.indexOf(fn)
      if (at >= 0) queue.splice(at, 1)
    }
  }
  const runAll = (): number => {
    let chunks = 0
    while (queue.length > 0) {
      queue.shift()!({ timeRemaining: () => 0 })
      chunks++
    }
    return chunks
  }
  const runOne = () => queue.shift()!({ timeRemaining: () => 0 })
  return { schedule, runAll, runOne }
}

/** `count` notes by Ana at seeded places. */
const seededNotes = (count: number): Y.Doc => annotatedDoc(count, 7, () => 'Ana')


describe('AnnotationStore.refreshSelectors', () => {
  it('writes in idle-time chunks exactly what a full refresh would, and tells no listener when only selectors changed', () => {
    const ydoc = seededNotes(700)
    const idle = manualIdle()
    const store = new AnnotationStore(ydoc, null, idle.schedule)
    store.list()
    // Typing 100 characters at the top moves every position below by more than the drift limit.
    textOf(ydoc, 0).insert(0, 'x'.repeat(100))
    // …and an edit inside one paragraph changes the quotes of the annotations there.
    textOf(ydoc, 30).insert(12, 'NEW ')
    const heard: string[] = []
    store.subscribe((kind) => heard.push(kind))
    const writes: number[] = []
    ydoc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === 'variorum:annotation-refresh') writes.push(tr.changed.size)
    })
    store.refreshSelectors()
    const chunks = idle.runAll()
    // 700 annotations, each with a selector to write, in chunks of 20 writes (no idle time
    // left, so a chunk would look at 50 were there fewer to write): 35 chunks, each its own transaction.
    expect(chunks).toBe(35)
    expect(writes.length).toBe(35)
    expect(Math.max(...writes)).toBe(20)
    expect(store.refreshing).toBe(false)
    // Nothing left for a full refresh to write: the chunks wrote everything it would have.
    expect(refreshSelectors(ydoc)).toBe(0)
    expect(heard).toEqual([])
    // The cached views carry the stored selectors as written.
    for (const view of store.list()) {
      const stored = readAnnotation(annotationsMap(ydoc).get(view.id) as Y.Map<unknown>)
      expect(view.anchor).toEqual(stored.anchor)
    }
    checkStore(store, ydoc)
  })

  it('stops a run when the text changes between chunks, without resolving again there; the next run brings all up to date', () => {
    const ydoc = seededNotes(500)
    const idle = manualIdle()
    const store = new AnnotationStore(ydoc, null, idle.schedule)
    textOf(ydoc, 0).insert(0, 'y'.repeat(90))
    store.refreshSelectors()
    // One chunk (20 annotations written), then more typing, then what was scheduled.
    idle.runOne()
    textOf(ydoc, 0).insert(0, 'z'.repeat(90))
    let listed = 0
    const list = store.list.bind(store)
    store.list = () => {
      listed++
      return list()
    }
    expect(idle.runAll()).toBe(1)
    // The dropped run did not resolve the annotations again for the new text.
    expect(listed).toBe(0)
    expect(store.refreshing).toBe(false)
    // The run after the next pause covers everything: 500 annotations to rewrite, in chunks of 20 writes.
    store.refreshSelectors()
    expect(idle.runAll()).toBe(25)
    expect(refreshSelectors(ydoc)).toBe(0)
    checkStore(store, ydoc)
  })

  it('a remote client receiving a selector refresh keeps its resolutions and tells no listener', () => {
    const a = seededNotes(300)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update))
    textOf(a, 0).insert(0, 'w'.repeat(100))
    const storeB = new AnnotationStore(b, null)
    storeB.list()
    const heard: string[] = []
    storeB.subscribe((kind) => heard.push(kind))
    expect(refreshSelectors(a)).toBeGreaterThan(250)
    expect(heard).toEqual([])
    checkStore(storeB, b)
  })
})

describe('AnnotationStore.list keeps each entry as read until it changes', () => {
  it('shows a comment and a status written after the first read, by this or another client', () => {
    const a = docWith(['one paragraph with words', 'another paragraph'])
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update))
    const storeA = new AnnotationStore(a, null)
    const storeB = new AnnotationStore(b, null)
    const id = storeA.create({ type: 'note', author: 'Ana', start: 4, end: 13 })
    const other = storeA.create({ type: 'note', author: 'Ana', start: 0, end: 3 })
    expect(storeB.get(id)?.comments).toEqual([])
    storeA.addComment(id, 'Ben', 'first remark')
    storeA.setStatus(other, 'resolved')
    for (const store of [storeA, storeB]) {
      expect(store.get(id)?.comments.map((c) => c.text)).toEqual(['first remark'])
      expect(store.get(other)?.status).toBe('resolved')
      expect(store.get(id)?.status).toBe('open')
    }
  })
})

describe('AnnotationStore.listWhenIdle', () => {
  it('computes the list in idle-time chunks after an edit, then tells each waiter once, with what list() gives', () => {
    const ydoc = seededNotes(500)
    const idle = manualIdle()
    const store = new AnnotationStore(ydoc, null, idle.schedule)
    store.list()
    textOf(ydoc, 3).insert(5, 'more ')
    const told: number[] = []
    store.listWhenIdle(() => told.push(1))
    store.listWhenIdle(() => told.push(2))
    expect(told).toEqual([])
    // No idle time left: 63 annotations a chunk (the clock is read every 64), 500 in eight;
    // then each waiter is told in an idle period of its own.
    for (let chunk = 0; chunk < 8; chunk++) idle.runOne()
    expect(told).toEqual([])
    expect(idle.runAll()).toBe(2)
    expect(told).toEqual([1, 2])
    checkStore(store, ydoc)
    // Current now: a waiter is told at once, and nothing is scheduled.
    store.listWhenIdle(() => told.push(3))
    expect(told).toEqual([1, 2, 3])
    expect(idle.runAll()).toBe(0)
  })

  it('starts over when the text changes between chunks, and stops when its last waiter cancels', () => {
    const ydoc = seededNotes(500)
    const idle = manualIdle()
    const store = new AnnotationStore(ydoc, null, idle.schedule)
    store.list()
    textOf(ydoc, 0).insert(0, 'typed ')
    let told = 0
    store.listWhenIdle(() => told++)
    idle.runOne()
    idle.runOne()
    textOf(ydoc, 10).insert(0, 'then more ')
    // The stale run is dropped at its next chunk (one chunk), then eight more for the new text, then the waiter.
    expect(idle.runAll()).toBe(10)
    expect(told).toBe(1)
    checkStore(store, ydoc)

    // Told when the list is stale again: it waits for the next run.
    textOf(ydoc, 30).insert(3, 'x')
    store.listWhenIdle(() => told++)
    for (let chunk = 0; chunk < 8; chunk++) idle.runOne()
    textOf(ydoc, 31).insert(3, 'y')
    expect(idle.runAll()).toBe(10)
    expect(told).toBe(2)
    checkStore(store, ydoc)

    textOf(ydoc, 20).delete(0, 4)
    const cancel = store.listWhenIdle(() => told++)
    idle.runOne()
    cancel()
    expect(idle.runAll()).toBe(0)
    expect(told).toBe(2)
    // A list() read meanwhile is still exact.
    checkStore(store, ydoc)
  })
})

describe('AnnotationStore.list after text typed before an annotation', () => {
  it('keeps the same view object with its new offsets, and a new one when its text changed', () => {
    const ydoc = docWith(['first paragraph here', 'second paragraph with a note'])
    const store = new AnnotationStore(ydoc, null)
    const later = store.create({ type: 'note', author: 'Ana', start: 29, end: 38 })
    const edited = store.create({ type: 'note', author: 'Ana', start: 6, end: 15 })
    const before = store.list()
    const laterView = before.find((v) => v.id === later)!
    const editedView = before.find((v) => v.id === edited)!
    textOf(ydoc, 0).insert(0, 'new ')
    textOf(ydoc, 0).insert(12, 'X')
    const after = store.list()
    expect(after).not.toBe(before)
    // Moved by 5 characters, same words: the same object (the side panel's card is not redrawn).
    expect(after.find((v) => v.id === later)).toBe(laterView)
    expect(laterView.resolution).toEqual({ status: 'anchored', start: 34, end: 43, via: 'live' })
    expect(laterView.text).toBe('paragraph')
    // Its words changed: a new object.
    const editedNow = after.find((v) => v.id === edited)!
    expect(editedNow).not.toBe(editedView)
    expect(editedNow.text).toBe('paXragraph')
    checkStore(store, ydoc)
  })
})

/** A store on a fresh Y.Doc that then receives `source` whole, as a client opening a document does. */
function arrived(source: Y.Doc, idle = manualIdle()): { ydoc: Y.Doc; store: AnnotationStore } {
  const ydoc = new Y.Doc()
  const store = new AnnotationStore(ydoc, null, idle.schedule)
  expect(store.list()).toEqual([])
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(source))
  return { ydoc, store }
}

/** The ids of `views` whose resolution meets [start, end] (both ends included). */
const meeting = (views: readonly AnnotationView[], start: number, end: number): string[] => views
  .filter((v) => v.resolution.status === 'anchored' && v.resolution.start <= end && v.resolution.end >= start)
  .map((v) => v.id)

describe('AnnotationStore.provisional', () => {
  it('is cold for a document arriving with COLD_LIST_MIN annotations or more, and not once listed', () => {
    expect(arrived(seededNotes(COLD_LIST_MIN)).store.cold).toBe(true)
    expect(arrived(seededNotes(COLD_LIST_MIN - 1)).store.cold).toBe(false)
    const { store } = arrived(seededNotes(COLD_LIST_MIN))
    store.list()
    expect(store.cold).toBe(false)
    expect(store.listed).toBe(true)
  })

  it('gives the first annotations in list() order, resolved, as the same objects list() then gives', () => {
    const source = seededNotes(600)
    const { ydoc, store } = arrived(source)
    const first = store.provisional(50)
    expect(store.listed).toBe(false)
    const full = store.list()
    expect(full.length).toBe(600)
    // Stored selectors are current after createAnnotation: the stored order is list()'s order.
    expect(first.map((v) => v.id)).toEqual(full.slice(0, 50).map((v) => v.id))
    first.forEach((view, i) => expect(full[i]).toBe(view))
    checkStore(store, ydoc)
    // Current: provisional() is list().
    expect(store.provisional(50)).toBe(full)
  })

  it('adds every annotation that meets a range, ends included', () => {
    const source = seededNotes(600)
    const expected = arrived(source).store.list()
    const { store } = arrived(source)
    const views = store.provisional(0, [{ start: 500, end: 700 }, { start: 2000, end: 2000 }])
    const ids = [...new Set([...meeting(expected, 500, 700), ...meeting(expected, 2000, 2000)])]
    expect(ids.length).toBeGreaterThan(20)
    // In list()'s order, each resolved as list() resolves it.
    expect(views.map((v) => v.id)).toEqual(expected.filter((v) => ids.includes(v.id)).map((v) => v.id))
    for (const view of views) expect(view.resolution).toEqual(expected.find((v) => v.id === view.id)!.resolution)
  })

  it('resolves exactly and orders by the resolution when the stored selectors are stale', () => {
    const source = seededNotes(600)
    // Typed in before every annotation, selectors not refreshed: every stored position is 30 too small.
    textOf(source, 0).insert(0, 'thirty characters typed here. ')
    const expected = arrived(source).store.list()
    const { store } = arrived(source)
    const views = store.provisional(40)
    expect(views.map((v) => v.id)).toEqual(expected.slice(0, 40).map((v) => v.id))
    views.forEach((view, i) => expect(view.resolution).toEqual(expected[i].resolution))
  })

  it('puts the annotations stored as orphans after the others, as list() does', () => {
    const source = seededNotes(600)
    // The first paragraph's words deleted and the orphan flags written, as a selector refresh does.
    textOf(source, 0).delete(0, textOf(source, 0).length)
    refreshSelectors(source)
    const { store } = arrived(source)
    const expected = arrived(source).store.list()
    const orphans = expected.filter((v) => v.resolution.status === 'orphaned').map((v) => v.id)
    expect(orphans.length).toBeGreaterThan(0)
    expect(orphans.every((id) => (annotationsMap(source).get(id) as Y.Map<unknown>).get('orphaned') === true)).toBe(true)
    const views = store.provisional(expected.length - orphans.length)
    expect(views.every((v) => v.resolution.status === 'anchored')).toBe(true)
    expect(views.map((v) => v.id)).toEqual(expected.slice(0, expected.length - orphans.length).map((v) => v.id))
  })

  it('shows a comment added meanwhile in the list that follows', () => {
    const { ydoc, store } = arrived(seededNotes(600))
    const [view] = store.provisional(1)
    store.addComment(view.id, 'Ana', 'a second thought')
    const listed = store.list().find((v) => v.id === view.id)!
    expect(listed.comments.map((c) => c.text)).toEqual(['a second thought'])
    checkStore(store, ydoc)
  })
})
