import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposeComparisons } from '../../../core/align'
import { paragraphsFromPlainText, projectParagraphs } from '../../../core/text'

const project = (...paragraphs: string[]) => projectParagraphs(paragraphs)
const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end)

describe('proposeComparisons', () => {
  const sample = projectParagraphs(paragraphsFromPlainText(readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')))
  const proposals = proposeComparisons(sample)

  it('proposes the sample’s page-1 five-point section against its continuation', () => {
    const [first] = proposals
    expect(first.reason).toBe('continuation')
    const a = slice(sample, first.a)
    const b = slice(sample, first.b)
    expect(a.startsWith('一要')).toBe(true)
    expect(a).toContain('\n\n五要')
    expect(b.startsWith('三要')).toBe(true) // the marker "(上接第一版)" is left out
    expect(b).toContain('\n\n四要')
    expect(b).toContain('际体系') // the fragment cut at the column end belongs to point five
    expect(sample.slice(first.a.end, first.a.end + 2)).toBe('\n\n')
    expect(first.a.start < first.b.start).toBe(true)
  })

  it('proposes the third version of point five against both its counterparts', () => {
    const third = sample.lastIndexOf('五要')
    const againstThird = proposals.filter((p) => p.b.start === third)
    expect(againstThird).toHaveLength(2)
    for (const p of againstThird) {
      expect(p.reason).toBe('numbered-points')
      expect(slice(sample, p.a).startsWith('五要')).toBe(true)
      expect(slice(sample, p.b)).not.toContain('同事们、朋友们') // a salutation ends the point
    }
  })

  it('pairs Chinese 一是…三是 runs and ignores unrelated lists', () => {
    const text = project(
      '会议提出三点意见。',
      '一是加强水利设施建设，确保农田灌溉用水充足。',
      '二是推进高标准农田建设，提高粮食单产水平。',
      '三是完善农业社会化服务体系，降低生产成本。',
      '本报讯 记者 王明',
      '一是加强水利设施建设，确保农田灌溉用水。',
      '二是推进高标准农田建设，稳步提高粮食产量。',
      '三是健全农业社会化服务，帮助农户降低成本。',
      '附件说明',
      '1. 报名表一份，须本人签字确认无误。',
      '2. 身份证复印件一份，正反两面复印清楚。',
      '1. 会场设在三楼大会议室，请提前十分钟入场。',
      '2. 会议期间请将手机调至静音状态，保持安静。',
    )
    const found = proposeComparisons(text)
    expect(found).toHaveLength(1)
    expect(found[0].reason).toBe('numbered-points')
    expect(slice(text, found[0].a)).toMatch(/^一是加强[\s\S]*三是完善农业社会化服务体系，降低生产成本。$/)
    expect(slice(text, found[0].b)).toMatch(/^一是加强[\s\S]*帮助农户降低成本。$/)
  })

  it('pairs English ordinal points across a "continued from page" marker', () => {
    const text = project(
      'First, the council will repair the old bridge before the winter floods arrive.',
      'Second, bus routes along the river will be extended to the new housing estate.',
      'Third, the market square will be closed to cars on Saturdays.',
      '(Continued on page 4)',
      'Local sports results and the weather forecast for the weekend.',
      '(Continued from page 1) Second, bus routes along the river will be extended to the estate.',
      'Third, the market square will be closed to cars on Saturdays and Sundays.',
      'Fourth, a new library will open in the spring next to the town hall.',
    )
    const found = proposeComparisons(text)
    expect(found).toHaveLength(1)
    expect(found[0].reason).toBe('continuation')
    expect(slice(text, found[0].a)).toMatch(/^First, the council[\s\S]*on Saturdays\.$/)
    expect(slice(text, found[0].b)).toMatch(/^Second, bus routes[\s\S]*next to the town hall\.$/)
  })

  it('proposes a continued passage that repeats earlier text even without numbering', () => {
    const text = project(
      'The harbour authority said on Monday that the new pier would open in June, two months late.',
      'Tide tables',
      '(Continued from page 1) The harbour authority said on Monday that the new pier would open in July.',
    )
    const [found] = proposeComparisons(text)
    expect(found.reason).toBe('continuation')
    expect(slice(text, found.a)).toMatch(/^The harbour authority[\s\S]*two months late\.$/)
    expect(slice(text, found.b)).toMatch(/^The harbour authority[\s\S]*in July\.$/)
  })

  it('turns near-duplicate clusters into pairwise proposals', () => {
    const text = 'aaaa bbbb aaab'
    const found = proposeComparisons(text, [[{ start: 10, end: 14 }, { start: 0, end: 4 }]])
    expect(found).toEqual([expect.objectContaining({ reason: 'near-duplicate', a: expect.objectContaining({ start: 0, end: 4 }), b: expect.objectContaining({ start: 10, end: 14 }) })])
    expect(() => proposeComparisons(text, [[{ start: 0, end: 99 }]])).toThrow(RangeError)
  })

  it('does not take a table of contents for a version of the sections it lists', () => {
    const text = project(
      'Contents',
      '1. Introduction',
      '2. Methods',
      '3. Results',
      '1. Introduction to the survey of river birds along the northern estuary in 2024.',
      '2. Methods of counting used by the volunteers, with the dates of each count.',
      '3. Results for each species, compared with the counts of the previous ten years.',
    )
    expect(proposeComparisons(text)).toEqual([])
  })

  it('proposes nothing for a text without numbering, markers or duplicates', () => {
    expect(proposeComparisons(project('一段普通的文字。', 'Another plain paragraph.'))).toEqual([])
    expect(proposeComparisons('')).toEqual([])
  })
})
