import { describe, expect, it } from 'vitest'
import { scriptIntrusion } from '../../../core/checks'
import { applyFixes, doc, runRule } from './helpers'

describe('scriptIntrusion', () => {
  it('finds and and or inside a Chinese sentence and fixes them to 和 and 或', () => {
    const text = doc('双方在贸易 and 投资领域加强合作。', '是否继续参加or退出，由各方决定。')
    const findings = runRule(scriptIntrusion, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['and', 'or'])
    expect(applyFixes(text, findings)).toBe(doc('双方在贸易和投资领域加强合作。', '是否继续参加或退出，由各方决定。'))
  })

  it('reports other English function words without a fix', () => {
    const findings = runRule(scriptIntrusion, '这是我们 the 团队的成果。')
    expect(findings.map((finding) => [finding.quote, finding.fix])).toEqual([['the', undefined]])
  })

  it('finds half-width punctuation between Chinese characters and fixes it to full width', () => {
    const text = '今天,我们出发; 你去吗?我去!好的:明天见。'
    const findings = runRule(scriptIntrusion, text)
    expect(findings.map((finding) => finding.quote)).toEqual([',', ';', '?', '!', ':'])
    expect(applyFixes(text, findings)).toBe('今天，我们出发；你去吗？我去！好的：明天见。')
    const ending = doc('我们出发了!', '他问：“是吗?”')
    expect(applyFixes(ending, runRule(scriptIntrusion, ending))).toBe(doc('我们出发了！', '他问：“是吗？”'))
  })

  it('finds full-width punctuation inside Latin text and fixes it to half width', () => {
    const text = doc('Hello，world； the plan is ready。', 'Is it true？Yes！')
    const findings = runRule(scriptIntrusion, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['，', '；', '。', '？', '！'])
    expect(applyFixes(text, findings)).toBe(doc('Hello, world; the plan is ready.', 'Is it true? Yes!'))
  })

  it('leaves names, numbers, units, abbreviations, URLs and half-width datelines alone', () => {
    const text = doc(
      '世贸组织（WTO）预计，GDP增长5%，5G和AI应用加快。',
      '全程100km，重20kg，功率3MW，价格1,000元。',
      'iPhone 16 Pro今天在Apple官网发布，详见https://example.com/a?b=1网页。',
      '(2025年6月17日,阿斯塔纳)',
      '会议于10:30开始，NBA and CBA球员出席。',
      'Bread and butter, or cheese: the choice is yours; 中文 is fine.',
      'He wrote “你好，世界。” in his notes.',
    )
    expect(runRule(scriptIntrusion, text)).toEqual([])
  })
})
