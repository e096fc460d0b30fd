import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposeCollations } from '../../../core/align'
import { paragraphsFromPlainText, projectParagraphs } from '../../../core/text'

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end)

describe('proposeCollations', () => {
  it('offers the three versions of the sample’s point five as one collation, the section pair as another', () => {
    const sample = projectParagraphs(paragraphsFromPlainText(readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')))
    const proposals = proposeCollations(sample)
    expect(proposals.map((p) => [p.reason, p.witnesses.length])).toEqual([['continuation', 2], ['numbered-points', 3]])
    const [section, five] = proposals
    expect(section.witnesses.map((w) => slice(sample, w).slice(0, 2))).toEqual(['一要', '三要'])
    const versions = five.witnesses.map((w) => slice(sample, w))
    for (const v of versions) expect(v.startsWith('五要维护公正合理')).toBe(true)
    expect(five.witnesses.map((w) => w.start)).toEqual([...five.witnesses.map((w) => w.start)].sort((x, y) => x - y))
    expect(five.label).toMatch(/^3 versions: ¶\d+–\d+ 五要/)
  })

  it('joins a near-duplicate cluster of three into one proposal and keeps separate passages apart', () => {
    const text = ['甲乙丙丁戊己庚辛壬癸。', '子丑寅卯辰巳午未申酉。', '甲乙丙丁戊己庚辛壬癸。', '天地玄黄宇宙洪荒日月。', '甲乙丙丁戊己庚辛壬癸！', '子丑寅卯辰巳午未申酉。'].join('\n\n')
    const at = (p: number) => ({ start: p * 13, end: p * 13 + 11 })
    const proposals = proposeCollations(text, [[at(0), at(2), at(4)], [at(1), at(5)]])
    expect(proposals.map((p) => p.witnesses.map((w) => w.start))).toEqual([[0, 26, 52], [13, 65]])
    expect(proposals.map((p) => p.reason)).toEqual(['near-duplicate', 'near-duplicate'])
  })

  it('throws RangeError for a near-duplicate range outside the text', () => {
    expect(() => proposeCollations('短', [[{ start: 0, end: 5 }]])).toThrow(RangeError)
  })
})
