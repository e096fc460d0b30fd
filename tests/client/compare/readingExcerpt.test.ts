import { describe, expect, it } from 'vitest'
import { readingExcerpt } from '../../../client/compare/readingExcerpt'

describe('readingExcerpt', () => {
  it('reads white-space runs and paragraph breaks as one space, trims, and cuts at max units with an ellipsis', () => {
    expect(readingExcerpt('  one\n\ntwo   three ', 40)).toBe('one two three')
    expect(readingExcerpt('abcdef', 4)).toBe('abcd…')
    expect(readingExcerpt('abcd', 4)).toBe('abcd')
    expect(readingExcerpt('\n\n', 10)).toBe('')
  })
})
