import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC_MODEL, fragmentOf, openingParagraphs, projectDocument } from '../../../doc'
import { docWith } from '../docHelpers'

const limits = { at: 0, maxParagraphs: 60, maxCharacters: 8000 }

describe('openingParagraphs', () => {
  it('gives the first paragraphs as the projection has them, with the total', () => {
    const doc = docWith(['一', 'two', '', 'four'])
    expect(openingParagraphs(doc, { ...limits, maxParagraphs: 3 })).toEqual({ total: 4, first: 0, start: 0, paragraphs: ['一', 'two', ''] })
  })

  it('starts at the paragraph holding `at`, a separator belonging to the paragraph after it', () => {
    const doc = docWith(['ab', 'cde', 'f'])
    // Projection: "ab\n\ncde\n\nf"; "cde" starts at 4, "f" at 9.
    const startOf = (at: number) => {
      const { first, start, paragraphs } = openingParagraphs(doc, { ...limits, at })
      return { first, start, head: paragraphs[0] }
    }
    expect(startOf(0)).toEqual({ first: 0, start: 0, head: 'ab' })
    expect(startOf(2)).toEqual({ first: 0, start: 0, head: 'ab' })
    expect(startOf(3)).toEqual({ first: 1, start: 4, head: 'cde' })
    expect(startOf(4)).toEqual({ first: 1, start: 4, head: 'cde' })
    expect(startOf(8)).toEqual({ first: 2, start: 9, head: 'f' })
    expect(startOf(10_000)).toEqual({ first: 2, start: 9, head: 'f' })
    for (const at of [0, 3, 8]) {
      const { start, paragraphs } = openingParagraphs(doc, { ...limits, at })
      expect(projectDocument(doc).slice(start)).toBe(paragraphs.join('\n\n'))
    }
  })

  it('stops after the paragraph that reaches the character limit', () => {
    const doc = docWith(['aaaa', 'bbbb', 'cccc'])
    expect(openingParagraphs(doc, { ...limits, maxCharacters: 5 }).paragraphs).toEqual(['aaaa', 'bbbb'])
    expect(openingParagraphs(doc, { ...limits, maxCharacters: 4 }).paragraphs).toEqual(['aaaa'])
  })

  it('reads formatted text bare, and counts only paragraph elements, as FragmentText does', () => {
    const doc = docWith(['plain', 'bold here'])
    const text = (fragmentOf(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText
    text.format(0, 4, { strong: {} })
    fragmentOf(doc).insert(1, [new Y.XmlText('stray')])
    expect(openingParagraphs(doc, limits)).toEqual({ total: 2, first: 0, start: 0, paragraphs: ['plain', 'bold here'] })
  })

  it('answers an empty document with nothing', () => {
    const doc = new Y.Doc()
    doc.getXmlFragment(DOC_MODEL.fragment)
    expect(openingParagraphs(doc, limits)).toEqual({ total: 0, first: 0, start: 0, paragraphs: [] })
  })
})
