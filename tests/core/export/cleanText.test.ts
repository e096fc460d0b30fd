import { describe, expect, it } from 'vitest'
import type { Decision } from '../../../core/annotations'
import { cleanText } from '../../../core/export'
import { annotation } from './fixtures'

describe('cleanText', () => {
  it('applies fixes, removes repeats, joins broken paragraphs and applies decisions, with an exact change list', () => {
    //          0         1         2         3         4
    //          0123456789012345678901234567890123456789012345
    const p = '办好自已的事情。\n\n合作之路越走\n\n越宽广。\n\n同事们好。\n\n甲乙丙。\n\n同事们好。'
    const sep = p.indexOf('越走') + 2
    const repeat = p.lastIndexOf('同事们好。')
    const decision: Decision = {
      id: 'd1', a: { type: 'TextPositionSelector', start: p.indexOf('甲乙丙'), end: p.indexOf('甲乙丙') + 3 }, b: { type: 'TextPositionSelector', start: 0, end: 2 },
      reading: 'edited', text: '丁', author: 'A', created: '2026-01-01T00:00:00Z', witnesses: { a: 'page 1', b: 'page 2' },
    }
    const result = cleanText({
      projection: p,
      annotations: [
        annotation(p, 'typo', 'typo', 2, 4, { suggestion: { text: '自己' } }),
        annotation(p, 'break', 'layout-break', sep, sep + 2, { suggestion: { text: '' } }),
        annotation(p, 'd1', 'duplicate', p.indexOf('同事们好。'), p.indexOf('同事们好。') + 5, { cluster: 'c', keep: true }),
        annotation(p, 'd2', 'duplicate', repeat, repeat + 5, { cluster: 'c' }),
        annotation(p, 'rej', 'suggestion', 0, 2, { suggestion: { text: 'NO', state: 'rejected' } }),
      ],
      decisions: [decision],
    })
    expect(result.text).toBe('办好自己的事情。\n\n合作之路越走越宽广。\n\n同事们好。\n\n丁。')
    expect(result.changes).toEqual([
      { kind: 'replace', start: 2, end: 4, before: '自已', after: '自己', source: 'typo' },
      { kind: 'join-paragraphs', start: 16, end: 18, before: '\n\n', after: '', source: 'break' },
      { kind: 'decision', start: 31, end: 34, before: '甲乙丙', after: '丁', source: 'd1' },
      { kind: 'remove-duplicate', start: 35, end: 42, before: '\n\n同事们好。', after: '', source: 'd2' },
    ])
    expect(result.skipped).toEqual([])
  })

  it('keeps the first occurrence when none is flagged kept, and skips an edit inside a removed repeat', () => {
    const p = 'ab cd\n\nxy\n\nab cd'
    const result = cleanText({
      projection: p,
      annotations: [
        annotation(p, 'r1', 'duplicate', 0, 5, { cluster: 'c' }),
        annotation(p, 'r2', 'duplicate', 11, 16, { cluster: 'c' }),
        annotation(p, 'fix', 'typo', 12, 13, { suggestion: { text: 'B' } }),
      ],
      decisions: [],
    })
    expect(result.text).toBe('ab cd\n\nxy')
    expect(result.changes.map((c) => [c.kind, c.start, c.end])).toEqual([['remove-duplicate', 9, 16]])
    expect(result.skipped).toEqual([{ source: 'fix', reason: 'overlaps remove-duplicate from r2' }])
  })

  it('leaves text alone for accepted (already applied) suggestions and orphans', () => {
    const p = 'abc'
    const orphan = { ...annotation(p, 'o', 'typo', 0, 1, { suggestion: { text: 'Z' } }), orphaned: true }
    const result = cleanText({ projection: p, annotations: [orphan, annotation(p, 'acc', 'suggestion', 1, 2, { suggestion: { text: 'b', state: 'accepted' } })], decisions: [] })
    expect(result).toEqual({ text: 'abc', changes: [], skipped: [] })
  })
})
