import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { annotationsMap, createAnnotation, DOC_MODEL, fragmentOf, FragmentText, refreshSelectors, resolveAnnotation } from '../../../doc'
import { AnnotationStore } from '../../../client/annotations/annotationStore'
import { docWith, textOf } from '../../doc/docHelpers'

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
