import { describe, expect, it } from 'vitest'
import { FALLBACK_PRESENCE_COLOR, colorForId, isPresenceColor, presenceColor } from '../../../doc/presence/presenceColor'

describe('presenceColor', () => {
  it('lets #rrggbb through and nothing else', () => {
    expect(presenceColor('#1a2B3c')).toBe('#1a2B3c')
    for (const bad of ['red', '#123', '#1234567', 'red; background: url(x)', '#12345g', ' #123456', 12, null, undefined, { toString: () => '#123456' }]) {
      expect(presenceColor(bad)).toBe(FALLBACK_PRESENCE_COLOR)
    }
  })

  it('gives each id one palette colour, the same every time', () => {
    expect(colorForId('acct-1')).toBe(colorForId('acct-1'))
    expect(isPresenceColor(colorForId('token:abc'))).toBe(true)
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(colorForId)).size).toBeGreaterThan(3)
  })
})
