import { describe, expect, it } from 'vitest'
import { rebaseRange } from '../../../client/components/panels/rebaseRange'

describe('rebaseRange', () => {
  it('returns the range unchanged when the text is the same', () => {
    const text = 'abc'
    expect(rebaseRange(text, text, { start: 1, end: 2 })).toEqual({ start: 1, end: 2 })
  })

  it('follows the passage when text was inserted or deleted before it', () => {
    const analysed = '第一段。\n\n他说自已要去北京开会。\n\n第三段。'
    const start = analysed.indexOf('自已')
    const current = `新的开头。\n\n${analysed}`
    const moved = rebaseRange(analysed, current, { start, end: start + 2 }, 4)!
    expect(current.slice(moved.start, moved.end)).toBe('自已')
    const shorter = analysed.slice(2)
    const back = rebaseRange(analysed, shorter, { start, end: start + 2 }, 4)!
    expect(shorter.slice(back.start, back.end)).toBe('自已')
  })

  it('is null when the passage or its context changed', () => {
    const analysed = 'one two three four five six'
    const start = analysed.indexOf('four')
    expect(rebaseRange(analysed, analysed.replace('four', 'FOUR'), { start, end: start + 4 }, 4)).toBeNull()
    expect(rebaseRange(analysed, analysed.replace('three', 'threx'), { start, end: start + 4 }, 4)).toBeNull()
  })

  it('picks the copy nearest the old place when the passage repeats', () => {
    const block = 'xx repeated passage yy'
    const analysed = `${block} mm ${block}`
    const start = analysed.lastIndexOf('repeated')
    const current = `!${analysed}`
    expect(rebaseRange(analysed, current, { start, end: start + 8 }, 3)).toEqual({ start: start + 1, end: start + 9 })
  })
})
