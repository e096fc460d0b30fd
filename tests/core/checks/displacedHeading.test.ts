import { describe, expect, it } from 'vitest'
import { displacedHeading } from '../../../core/checks'
import { doc, runRule } from './helpers'

const prose = (topic: string) => `${topic}方面，今年以来各项工作稳步推进，取得了积极成效。`

describe('displacedHeading', () => {
  it('finds a heading block standing above a paragraph that starts mid-sentence', () => {
    const text = doc(prose('交通'), '春风行动', '从城市到乡村纪行', '据，包括公交车和地铁在内的线路已全部开通。')
    const findings = runRule(displacedHeading, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['春风行动\n\n从城市到乡村纪行'])
  })

  it('finds a subheading whose words appear only further on, and links that paragraph', () => {
    const echo = '“让老百姓的日子越过越红火，”村支书说。'
    const text = doc(prose('交通'), '“让老百姓的日子越过越红火”', prose('风电'), prose('教育'), echo)
    const findings = runRule(displacedHeading, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['“让老百姓的日子越过越红火”'])
    expect(findings[0].related?.map((range) => text.slice(range.start, range.end))).toEqual([echo])
  })

  it('finds an English subheading separated from its text', () => {
    const text = doc(
      'The town has changed a great deal in ten years.',
      'Wind Turbines Bring Jobs Valley Farmers',
      'Schools reopened in September after repairs.',
      'Traffic was light over the holiday.',
      'Valley farmers say wind turbines bring jobs and steady income.',
    )
    expect(runRule(displacedHeading, text).map((finding) => finding.quote)).toEqual(['Wind Turbines Bring Jobs Valley Farmers'])
  })

  it('leaves headings that head their text, short generic subheadings and jump headlines alone', () => {
    const text = doc(
      '习近平会见吉尔吉斯斯坦总统',
      '新华社北京6月17日电 国家主席习近平今天会见吉尔吉斯斯坦总统。',
      prose('交通'),
      '“把坏天气变成好天气”',
      '“把坏天气变成好天气”——青年工程师这样总结自己的工作。',
      prose('能源'),
      '市场',
      prose('风电'),
      '市场行情持续向好。',
      prose('教育'),
      '习近平出席峰会并作主旨发言',
      '(上接第一版)三要打造安全格局，习近平出席峰会并作主旨发言时指出。',
    )
    expect(runRule(displacedHeading, text)).toEqual([])
  })
})
