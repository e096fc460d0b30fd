import { describe, expect, it } from 'vitest'
import { clusterKeys, firstWords, summarizeClusters } from '../../../client/components/duplicates/clusterSummary'
import { groupFindings } from '../../../client/components/checks/groupFindings'
import type { Finding } from '../../../core/checks'

describe('summarizeClusters', () => {
  it('gives count, longest copy without paragraph breaks, percentage and first words', () => {
    const text = 'abcdef\n\ngh xx abcdef\n\ngh'
    const clusters = [{ kind: 'near' as const, similarity: 0.934, occurrences: [{ start: 0, end: 10 }, { start: 14, end: 24 }], pairs: [{ a: 0, b: 1, similarity: 0.934 }] }]
    expect(summarizeClusters(text, clusters)).toEqual([{ key: 'near:abcdef\n\ngh', count: 2, length: 8, similarity: 93, firstWords: 'abcdef ⁋ gh' }])
  })

  it('keys clusters by their first copy, numbering equal ones', () => {
    const text = 'aaaa bbbb aaaa'
    const cluster = { kind: 'exact' as const, similarity: 1, occurrences: [{ start: 0, end: 4 }], pairs: [] }
    expect(clusterKeys(text, [cluster, { ...cluster, occurrences: [{ start: 10, end: 14 }] }])).toEqual(['exact:aaaa', 'exact:aaaa#2'])
  })
})

describe('firstWords', () => {
  it('cuts Han text at the limit and English text at a word boundary', () => {
    expect(firstWords('据联合国开发计划署估算，哈萨克斯坦风力发电的潜能', { start: 0, end: 25 }, 12)).toBe('据联合国开发计划署估算，…')
    // Latin letters are half as wide as Han characters: 9 Han widths hold 18 letters.
    expect(firstWords('The quick brown fox jumps over', { start: 0, end: 30 }, 9)).toBe('The quick brown…')
    expect(firstWords('The quick brown fox jumps over', { start: 0, end: 30 }, 15)).toBe('The quick brown fox jumps over')
  })
})

describe('groupFindings', () => {
  it('groups by rule in the rules order with their descriptions, findings in text order', () => {
    const text = '他自已说。\n\n取得\n\n进展'
    const findings: Finding[] = [
      { rule: 'typo', start: 1, end: 3, message: 't' },
      { rule: 'layout-break', start: 7, end: 13, message: 'b', fix: { start: 9, end: 11, text: '' } },
    ]
    const groups = groupFindings(text, findings)
    expect(groups.map((g) => [g.rule, g.label, g.findings.map((f) => f.key)])).toEqual([
      ['layout-break', 'Layout breaks', ['layout-break:取得\n\n进展']],
      ['typo', 'Typos', ['typo:自已']],
    ])
    expect(groups[0].description).toMatch(/cut mid-sentence/)
  })
})
