import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { FragmentText, fragmentOf, projectDocument } from '../../../doc'
import { docWith } from '../docHelpers'

describe('FragmentText', () => {
  it('reads formatted text as its bare characters (toString would render marks as XML tags)', () => {
    const doc = docWith(['plain', 'bold here'])
    const text = (fragmentOf(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText
    text.format(0, 4, { strong: {} })
    expect(text.toString()).toContain('<strong>')
    expect(projectDocument(doc)).toBe('plain\n\nbold here')
    expect(new FragmentText(fragmentOf(doc)).paragraphs).toEqual(['plain', 'bold here'])
    const fragmentText = new FragmentText(fragmentOf(doc))
    expect(fragmentText.charAt(7)).toEqual({ text, index: 0 })
    expect(fragmentText.offsetOf(text as unknown as Y.AbstractType<unknown>, 4)).toBe(11)
  })

  it('maps every offset of the projection to its paragraph text and back', () => {
    const doc = docWith(['ab', '', 'c𝄞d'])
    const fragmentText = new FragmentText(fragmentOf(doc))
    expect(fragmentText.projection).toBe('ab\n\n\n\nc𝄞d')
    for (let offset = 0; offset <= fragmentText.length; offset++) {
      const point = fragmentText.charAt(offset)
      const isChar = offset < fragmentText.length && fragmentText.projection[offset] !== '\n'
      expect(point !== null, `offset ${offset}`).toBe(isChar)
      if (point) expect(fragmentText.offsetOf(point.text as unknown as Y.AbstractType<unknown>, point.index)).toBe(offset)
    }
  })
})
