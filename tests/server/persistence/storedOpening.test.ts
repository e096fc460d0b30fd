import { describe, expect, it } from 'vitest'
import { decodeStoredOpening, encodeStoredOpening } from '../../../server/persistence/storedOpening'

describe('storedOpening', () => {
  it('round-trips an opening and stores none as NULL', () => {
    const opening = { total: 3, first: 0, start: 0, paragraphs: ['第一段', '', 'third'] }
    expect(decodeStoredOpening(encodeStoredOpening(opening))).toEqual(opening)
    expect(encodeStoredOpening(null)).toBeNull()
    expect(encodeStoredOpening(undefined)).toBeNull()
    expect(decodeStoredOpening(null)).toBeNull()
  })

  it('reads a damaged or foreign value as no opening, so the request falls back instead of failing', () => {
    for (const text of ['', '{', 'null', '[]', '"text"', '{"total":3,"first":0,"start":0}', '{"total":-1,"first":0,"start":0,"paragraphs":[]}',
      '{"total":3,"first":0.5,"start":0,"paragraphs":[]}', '{"total":3,"first":0,"start":0,"paragraphs":["a",1]}']) {
      expect([text, decodeStoredOpening(text)]).toEqual([text, null])
    }
  })
})
