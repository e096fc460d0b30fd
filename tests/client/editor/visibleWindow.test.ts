import { describe, expect, it } from 'vitest'
import { schema } from '../../../client/editor/schema'
import { firstWindow } from '../../../client/editor/visibleWindow'

const docOf = (paragraphs: string[]) => schema.node('doc', null, paragraphs.map((text) => schema.node('paragraph', null, text ? schema.text(text) : undefined)))

describe('firstWindow (a large document\'s window before any layout)', () => {
  it('takes the paragraphs from the top that fill two screens, by their characters', () => {
    // 150 Latin characters: 2 lines of 1.85 ems plus a 1 em margin; 102 ems in two 900 px screens.
    const latin = docOf(Array.from({ length: 40 }, () => 'a'.repeat(150)))
    expect(firstWindow(latin, 900)).toEqual({ from: 0, to: 22 * 152 })
    // Chinese characters take a whole em each: 100 of them are 3 lines.
    const chinese = docOf(Array.from({ length: 40 }, () => '字'.repeat(100)))
    expect(firstWindow(chinese, 900)).toEqual({ from: 0, to: 16 * 102 })
    // An empty paragraph is still a line.
    expect(firstWindow(docOf(Array.from({ length: 100 }, () => '')), 900)).toEqual({ from: 0, to: 36 * 2 })
  })

  it('scales with the viewport and stops at the end of the document', () => {
    const latin = docOf(Array.from({ length: 40 }, () => 'a'.repeat(150)))
    expect(firstWindow(latin, 450).to).toBe(11 * 152)
    const short = docOf(['one', 'two'])
    expect(firstWindow(short, 900)).toEqual({ from: 0, to: short.content.size })
  })

  it('ends with a paragraph longer than the whole budget', () => {
    const doc = docOf(['x'.repeat(200_000), 'after'])
    expect(firstWindow(doc, 900)).toEqual({ from: 0, to: 200_002 })
  })
})
