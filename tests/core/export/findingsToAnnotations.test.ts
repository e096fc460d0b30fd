import { describe, expect, it } from 'vitest'
import { findingsToAnnotations } from '../../../core/export'

describe('findingsToAnnotations', () => {
  const p = 'abcdefghij\n\nabcdefghij\n\nxyz'
  it('links the occurrences of a duplicate cluster, keeps the first and skips boilerplate', () => {
    const anns = findingsToAnnotations(
      p,
      {
        clusters: [
          { kind: 'exact', similarity: 1, occurrences: [{ start: 12, end: 22 }, { start: 0, end: 10 }] },
          { kind: 'boilerplate', similarity: 1, occurrences: [{ start: 24, end: 25 }, { start: 25, end: 26 }] },
        ],
      },
      null,
    )
    expect(anns.map((a) => [a.id, a.type, a.anchor.position.start, a.keep, a.cluster, a.links])).toEqual([
      ['dup-1-1', 'duplicate', 0, true, 'dup-1', [{ rel: 'duplicate-cluster', target: 'dup-1-2' }]],
      ['dup-1-2', 'duplicate', 12, false, 'dup-1', [{ rel: 'duplicate-cluster', target: 'dup-1-1' }]],
    ])
    expect(anns[0].comments[0].text).toBe('exact duplicate (similarity 1.00), occurrence 1 of 2, kept')
  })
  it('maps rules to types and widens the anchor to cover a fix beside the finding', () => {
    const anns = findingsToAnnotations(p, null, [
      { rule: 'layout-break', start: 9, end: 10, message: 'cut', fix: { start: 10, end: 12, text: '' } },
      { rule: 'continuation-marker', start: 24, end: 27, message: 'm' },
      { rule: 'fragment', start: 0, end: 3, message: 'f', related: [{ start: 24, end: 27 }] },
      { rule: 'script-intrusion', start: 1, end: 2, message: 's' },
      { rule: 'typo', start: 2, end: 3, message: 't', fix: { start: 2, end: 3, text: 'C' } },
      { rule: 'displaced-heading', start: 24, end: 25, message: 'h' },
      { rule: 'new-rule', start: 0, end: 1, message: 'n' },
      { rule: 'typo', start: 5, end: 999, message: 'outside' },
    ])
    expect(anns.map((a) => [a.id, a.type, a.anchor.quote.exact, a.suggestion?.text])).toEqual([
      ['chk-1-layout-break', 'layout-break', 'j\n\n', 'j'],
      ['chk-2-continuation-marker', 'continuation', 'xyz', undefined],
      ['chk-3-fragment', 'misplaced', 'abc', undefined],
      ['chk-4-script-intrusion', 'intrusion', 'b', undefined],
      ['chk-5-typo', 'typo', 'c', 'C'],
      ['chk-6-displaced-heading', 'misplaced', 'x', undefined],
      ['chk-7-new-rule', 'note', 'a', undefined],
    ])
  })
})

describe('findingsToAnnotations comments', () => {
  it('quotes related passages in the comment', () => {
    const [a] = findingsToAnnotations('abc\n\nxyz', null, [{ rule: 'fragment', start: 0, end: 3, message: 'Starts mid-sentence.', related: [{ start: 5, end: 8 }] }])
    expect(a.comments[0].text).toBe('Starts mid-sentence. Related: “xyz”.')
  })
})
