import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { annotationsMap, createAnnotation, DOC_MODEL, FragmentText, fragmentOf, resolveAnnotation } from '../../../doc'
import { docWith, textOf } from '../docHelpers'

/** The text an annotation covers now and how it was found, or null when orphaned. */
function covered(ydoc: Y.Doc, id: string): [string, string] | null {
  const text = new FragmentText(fragmentOf(ydoc))
  const resolution = resolveAnnotation(ydoc, text, annotationsMap(ydoc).get(id)!)
  return resolution.status === 'anchored' ? [text.projection.slice(resolution.start, resolution.end), resolution.via] : null
}

/**
 * Enter as y-prosemirror writes it: the tail of the paragraph is deleted and a new
 * paragraph holding the same characters (new items) is inserted after it.
 */
function pressEnter(ydoc: Y.Doc, paragraph: number, at: number): void {
  const text = textOf(ydoc, paragraph)
  const tail = text.toString().slice(at)
  ydoc.transact(() => {
    text.delete(at, tail.length)
    const next = new Y.XmlElement(DOC_MODEL.paragraph)
    next.insert(0, [new Y.XmlText(tail)])
    fragmentOf(ydoc).insert(paragraph + 1, [next])
  })
}

// #18: "Enter inside an annotation keeps it whole across both paragraphs".
describe('an annotation across a paragraph split', () => {
  it('keeps covering all its words when Enter splits it', () => {
    const ydoc = docWith(['hello brave new world', 'next'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 6, end: 21 })
    pressEnter(ydoc, 0, 12)
    expect(covered(ydoc, id)).toEqual(['brave \n\nnew world', 'reanchored'])
  })

  it('keeps a Chinese annotation whole across two splits, and one wholly after the split on its words', () => {
    const ydoc = docWith(['坚持办好自己的事情，推动合作。'])
    const across = createAnnotation(ydoc, { type: 'note', author: 'A', start: 2, end: 12 })
    const after = createAnnotation(ydoc, { type: 'note', author: 'A', start: 10, end: 14 })
    pressEnter(ydoc, 0, 6)
    pressEnter(ydoc, 1, 3)
    expect(new FragmentText(fragmentOf(ydoc)).paragraphs).toEqual(['坚持办好自己', '的事情', '，推动合作。'])
    expect(covered(ydoc, across)).toEqual(['办好自己\n\n的事情\n\n，推动', 'reanchored'])
    expect(covered(ydoc, after)?.[0]).toBe('推动合作')
  })

  it('still shrinks to what is left when the tail was deleted, not split', () => {
    const ydoc = docWith(['hello brave new world'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 6, end: 21 })
    textOf(ydoc, 0).delete(12, 9)
    expect(covered(ydoc, id)).toEqual(['brave ', 'live'])
  })
})
