import { describe, expect, it } from 'vitest'
import { readableTextColor } from '../../../client/editor/buildCursor'

describe('readableTextColor', () => {
  it('puts dark text on light colours and white on dark ones', () => {
    expect(readableTextColor('#f5c400')).toBe('#1a1a1a')
    expect(readableTextColor('#1f4e9e')).toBe('#ffffff')
    expect(readableTextColor('#ffffff')).toBe('#1a1a1a')
  })

  it('falls back to white for a colour it cannot read', () => {
    expect(readableTextColor('orange')).toBe('#ffffff')
  })
})
