import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkRules, runChecks, splitParagraphs, type RuleId } from '../../../core/checks'
import { buildSourceMap } from '../../../core/text'
import { applyFixes } from './helpers'

const sample = readFileSync(new URL('../../../documents/china-central-asia-summit-2025-06-17.txt', import.meta.url), 'utf8')

describe('runChecks', () => {
  it('lists every rule once', () => {
    expect(checkRules.map((rule) => rule.id)).toEqual(['layout-break', 'continuation-marker', 'fragment', 'script-intrusion', 'typo', 'displaced-heading'])
  })

  it('sorts findings by start, then rule', () => {
    const findings = runChecks('双方在贸易 and 投资领域合作，自已办好，，事情。\n\n据，包括地铁。')
    const keys = findings.map((finding) => [finding.start, finding.rule] as const)
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])))
    expect(findings.map((finding) => finding.rule)).toEqual(['script-intrusion', 'typo', 'typo', 'fragment'])
  })

  it('finds nothing in an empty or blank text', () => {
    expect(runChecks('')).toEqual([])
    expect(runChecks(' \n\r\n\u3000\n')).toEqual([])
  })

  it('runs only the rules asked for, and throws RangeError naming an unknown one', () => {
    expect(runChecks('自已 and 自已', { rules: ['typo'] }).map((finding) => finding.rule)).toEqual(['typo', 'typo'])
    expect(() => runChecks('x', { rules: ['spelling' as RuleId] })).toThrow(/spelling/)
    expect(() => runChecks('x', { rules: ['spelling' as RuleId] })).toThrow(RangeError)
  })

  it('finds the same things in a file and in its projection, at mapped offsets', () => {
    const map = buildSourceMap(sample)
    const inFile = runChecks(sample)
    const inProjection = runChecks(map.projection)
    expect(inProjection.map((finding) => [finding.rule, map.projection.slice(finding.start, finding.end).replace(/\n+/g, '|')])).toEqual(
      inFile.map((finding) => [finding.rule, sample.slice(finding.start, finding.end).replace(/\n+/g, '|')]),
    )
    expect(inProjection.map((finding) => finding.start)).toEqual(inFile.map((finding) => map.toProjection(finding.start)))
  })
})

describe('runChecks on the sample', () => {
  const findings = runChecks(sample)
  const quoted = findings.map((finding) => [finding.rule, sample.slice(finding.start, finding.end).replace(/\n+/g, '|'), finding.fix !== undefined])

  it('finds every mid-sentence break, both markers, the fragments, the intrusion, the typo and the displaced headings, and nothing else', () => {
    expect(quoted).toEqual([
      ['layout-break', '高校分校和鲁班工坊等取得|进展，', true],
      ['layout-break', '不做任何损害彼此核心利益|的事。', true],
      ['typo', '自已', true],
      ['layout-break', '双方要发挥好中塔|外长战略对话机制作用，', true],
      ['layout-break', '文化等人文交|流，', true],
      ['script-intrusion', 'and', true],
      ['continuation-marker', '(上接第一版)', false],
      ['layout-break', '维护以联合国为核心的国|际体系，', true],
      ['layout-break', '随着共|建“一带一路”与哈萨克斯', true],
      // The second copy of the cut paragraph's continuation, after a complete paragraph.
      ['fragment', '建“一带一路”与哈萨克斯', false],
      // The quoted subheading printed above the wind-power text; its words return in the smart-city part.
      ['displaced-heading', '“智慧城市就是让市民的生活更轻松、更美好”', false],
      ['layout-break', '随着共|建“一带一路”与哈萨克斯', true],
      // The feature's title printed in the middle of its story, above a fragment.
      ['displaced-heading', '丝路花开|从北京到阿斯塔纳纪行', false],
      ['fragment', '据，', false],
      ['continuation-marker', '(下转第三版)', false],
    ])
  })

  it('fixes the typo and the intrusion as intended', () => {
    const fixed = applyFixes(sample, findings.filter((finding) => finding.rule === 'typo' || finding.rule === 'script-intrusion'))
    expect(fixed).toContain('办好自己的事情')
    expect(fixed).toContain('主权安全和领土完整')
    expect(fixed.length).toBe(sample.length - 4)
  })

  it('leaves no break at all once every break fix is applied, losing no character', () => {
    const breaks = runChecks(sample, { rules: ['layout-break'] })
    const fixed = applyFixes(sample, breaks)
    expect(runChecks(fixed, { rules: ['layout-break'] })).toEqual([])
    expect(fixed.replace(/\s/g, '')).toBe(sample.replace(/\s/g, ''))
    expect(splitParagraphs(fixed)).toHaveLength(splitParagraphs(sample).length - 7)
    expect(fixed).toContain('人文交流，密切执法安全合作')
  })
})
