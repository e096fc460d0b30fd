import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createAnnotation, projectDocument, readStoredAnchor, annotationsMap, replaceRange, resolveAnnotation, FragmentText, fragmentOf } from '../../../doc'
import { docWith } from '../docHelpers'

const PARAGRAPHS = ['the old bridge fell', 'and then', 'it rose']

/** replaceRange checked against the string edit it stands for, on the projection. */
function check(start: number, end: number, text: string): Y.Doc {
  const ydoc = docWith(PARAGRAPHS)
  const before = projectDocument(ydoc)
  replaceRange(ydoc, start, end, text)
  expect(projectDocument(ydoc)).toBe(before.slice(0, start) + text + before.slice(end))
  return ydoc
}

describe('replaceRange', () => {
  it('replaces inside one paragraph, across paragraphs, and at the ends', () => {
    check(4, 7, 'new')
    check(15, 19, '')
    check(0, 0, 'So ')
    check(38, 38, '!')
    check(8, 25, 'ford')
  })

  it('splits a paragraph on "\\n\\n" in the text and joins two when a separator is replaced', () => {
    expect(fragmentOf(check(14, 14, '\n\nthat')).length).toBe(4)
    expect(fragmentOf(check(19, 21, ' ')).length).toBe(2)
    expect(fragmentOf(check(19, 31, '')).length).toBe(1)
  })

  it('edits around and across an empty paragraph, and into a document of one empty paragraph', () => {
    for (const [start, end, text] of [[2, 4, ''], [4, 4, 'x'], [1, 7, 'y'], [4, 6, '']] as const) {
      const ydoc = docWith(['ab', '', 'cd'])
      replaceRange(ydoc, start, end, text)
      expect(projectDocument(ydoc)).toBe('ab\n\n\n\ncd'.slice(0, start) + text + 'ab\n\n\n\ncd'.slice(end))
    }
    const empty = docWith([''])
    replaceRange(empty, 0, 0, 'first words')
    expect(projectDocument(empty)).toBe('first words')
    expect(fragmentOf(empty).length).toBe(1)
  })

  it('keeps anchors on the characters around the edit live', () => {
    const ydoc = docWith(PARAGRAPHS)
    const id = createAnnotation(ydoc, { type: 'note', author: 'Ana', start: 0, end: 14 }) // "the old bridge"
    replaceRange(ydoc, 15, 19, 'fall')
    const where = resolveAnnotation(ydoc, new FragmentText(fragmentOf(ydoc)), annotationsMap(ydoc).get(id)!)
    expect(where).toEqual({ status: 'anchored', start: 0, end: 14, via: 'live' })
    expect(readStoredAnchor(annotationsMap(ydoc).get(id)!).quote.exact).toBe('the old bridge')
  })

  it('throws RangeError for a range outside the text', () => {
    const ydoc = docWith(PARAGRAPHS)
    expect(() => replaceRange(ydoc, 5, 4, '')).toThrow(RangeError)
    expect(() => replaceRange(ydoc, 0, 39, '')).toThrow(RangeError)
  })
})
