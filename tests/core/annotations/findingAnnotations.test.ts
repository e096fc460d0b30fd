import { describe, expect, it } from 'vitest'
import {
  checkFindingAnnotations,
  contentId,
  duplicateClusterAnnotations,
  findingsToAnnotations,
  fixSuggestionAnnotation,
  ruleAnnotationType,
  type CheckFinding,
} from '../../../core/annotations'
import { checkRules } from '../../../core/checks'

const T = '2026-12-01T00:00:00.000Z'
const who = { author: 'Ana', created: T }

describe('contentId', () => {
  it('is the same for the same facts and differs when any fact differs', () => {
    expect(contentId('dup', [1, 2, 'ab'])).toBe(contentId('dup', [1, 2, 'ab']))
    expect(contentId('dup', [1, 2, 'ab'])).toMatch(/^dup-[0-9a-f]{14}$/)
    expect(new Set([contentId('dup', [1, 2, 'ab']), contentId('dup', [1, 3, 'ab']), contentId('dup', [1, 2, 'ac']), contentId('chk', [1, 2, 'ab']), contentId('dup', [12, 'ab'])]).size).toBe(5)
  })
})

describe('duplicateClusterAnnotations', () => {
  const text = 'abcd\n\nabcd\n\nabcd'
  const cluster = { kind: 'exact', similarity: 1, occurrences: [{ start: 6, end: 10 }, { start: 0, end: 4 }, { start: 12, end: 16 }] }

  it('makes one duplicate per occurrence in document order, linked to the others, the chosen one kept', () => {
    const anns = duplicateClusterAnnotations(text, cluster, { ...who, keep: 0 })
    const id = anns[0].cluster!
    expect(id).toMatch(/^dup-/)
    expect(anns.map((a) => [a.id, a.type, a.anchor.position.start, a.keep, a.cluster, a.author, a.created])).toEqual([
      [`${id}.1`, 'duplicate', 0, false, id, 'Ana', T],
      [`${id}.2`, 'duplicate', 6, true, id, 'Ana', T],
      [`${id}.3`, 'duplicate', 12, false, id, 'Ana', T],
    ])
    expect(anns[0].links).toEqual([{ rel: 'duplicate-cluster', target: `${id}.2` }, { rel: 'duplicate-cluster', target: `${id}.3` }])
    expect(anns[0].comments).toEqual([{ id: `${id}.1.c1`, author: 'Ana', created: T, text: 'Copy 1 of 3 of a duplicated passage (exact, 100% similar). Copy 2 is kept.' }])
    expect(anns[1].comments[0].text).toBe('Copy 2 of 3 of a duplicated passage (exact, 100% similar). This copy is kept.')
  })

  it('gives the same ids whoever flags and whatever the order of the occurrences', () => {
    const a = duplicateClusterAnnotations(text, cluster, { author: 'Ana', created: T, keep: 1 })
    const b = duplicateClusterAnnotations(text, { ...cluster, occurrences: [...cluster.occurrences].reverse() }, { author: 'Bo', created: '2027-01-01T00:00:00.000Z' })
    expect(b.map((x) => x.id)).toEqual(a.map((x) => x.id))
    expect(duplicateClusterAnnotations('abcd\n\nabcd\n\nabce', cluster, who)[0].id).not.toBe(a[0].id)
  })

  it('rejects a keep index that is no occurrence and an occurrence outside the text', () => {
    expect(() => duplicateClusterAnnotations(text, cluster, { ...who, keep: 3 })).toThrow(RangeError)
    expect(() => duplicateClusterAnnotations('abcd', cluster, who)).toThrow(RangeError)
  })
})

describe('checkFindingAnnotations', () => {
  it('maps every rule to an annotation type, unknown rules to notes', () => {
    expect(checkRules.map((r) => ruleAnnotationType(r.id))).toEqual(['layout-break', 'continuation', 'misplaced', 'intrusion', 'typo', 'misplaced'])
    expect(ruleAnnotationType('new-rule')).toBe('note')
  })

  it('annotates the finding with its message and links the pieces of a continued story', () => {
    const text = '0123456789(上接第一版)0123456789012345(下转第三版)'
    const finding: CheckFinding = { rule: 'continuation-marker', start: 10, end: 17, message: 'continued', related: [{ start: 33, end: 40 }] }
    const [a, b] = checkFindingAnnotations(text, finding, who)
    expect(a.id).toMatch(/^chk-[0-9a-f]{14}$/)
    expect([a.type, a.anchor.quote.exact, a.comments[0].text, a.links]).toEqual(['continuation', '(上接第一版)', 'continued', [{ rel: 'continuation', target: `${a.id}.r1` }]])
    expect([b.id, b.anchor.quote.exact, b.comments[0].text, b.links]).toEqual([`${a.id}.r1`, '(下转第三版)', 'Related to: continued', [{ rel: 'continuation', target: a.id }]])
  })

  it('makes one unlinked annotation without related passages', () => {
    const anns = checkFindingAnnotations('ab自已cd', { rule: 'typo', start: 2, end: 4, message: 'm' }, who)
    expect(anns.map((a) => [a.type, a.anchor.quote.exact, a.links])).toEqual([['typo', '自已', []]])
  })
})

describe('fixSuggestionAnnotation', () => {
  it('suggests the finding passage with the fix applied', () => {
    const a = fixSuggestionAnnotation('维护国\n\n际体系', { rule: 'layout-break', start: 0, end: 8, message: 'broken', fix: { start: 3, end: 5, text: '' } }, who)!
    expect([a.id.slice(0, 4), a.type, a.anchor.position.start, a.anchor.position.end, a.suggestion, a.comments[0].text]).toEqual(['fix-', 'suggestion', 0, 8, { text: '维护国际体系', state: 'open', original: '维护国\n\n际体系' }, 'broken'])
  })

  it('widens a range on the separator only to one character either side', () => {
    const a = fixSuggestionAnnotation('ab\n\ncd', { rule: 'layout-break', start: 2, end: 4, message: 'm', fix: { start: 2, end: 4, text: '' } }, who)!
    expect([a.anchor.position.start, a.anchor.position.end, a.suggestion?.text]).toEqual([1, 5, 'bc'])
  })

  it('is null without a fix', () => {
    expect(fixSuggestionAnnotation('abc', { rule: 'fragment', start: 0, end: 1, message: 'm' }, who)).toBeNull()
  })
})

describe('findingsToAnnotations', () => {
  it('flags clusters (not boilerplate), annotates findings and proposes fixes, skipping ranges outside the text', () => {
    const p = 'abcdefghij\n\nabcdefghij\n\nxyz'
    const anns = findingsToAnnotations(
      p,
      { clusters: [
        { kind: 'exact', similarity: 1, occurrences: [{ start: 12, end: 22 }, { start: 0, end: 10 }] },
        { kind: 'boilerplate', similarity: 1, occurrences: [{ start: 24, end: 25 }, { start: 25, end: 26 }] },
      ] },
      [
        { rule: 'layout-break', start: 9, end: 10, message: 'cut', fix: { start: 10, end: 12, text: '' } },
        { rule: 'typo', start: 5, end: 999, message: 'outside' },
      ],
    )
    expect(anns.map((a) => [a.type, a.anchor.quote.exact, a.keep, a.suggestion?.text, a.author, a.created])).toEqual([
      ['duplicate', 'abcdefghij', true, undefined, 'variorum', '1970-01-01T00:00:00.000Z'],
      ['duplicate', 'abcdefghij', false, undefined, 'variorum', '1970-01-01T00:00:00.000Z'],
      ['layout-break', 'j', undefined, undefined, 'variorum', '1970-01-01T00:00:00.000Z'],
      ['suggestion', 'j\n\n', undefined, 'j', 'variorum', '1970-01-01T00:00:00.000Z'],
    ])
  })
})
