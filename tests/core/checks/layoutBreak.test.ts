import { describe, expect, it } from 'vitest'
import { findLayoutBreaks, layoutBreak, splitParagraphs } from '../../../core/checks'
import { applyFixes, doc, runRule } from './helpers'

describe('layoutBreak', () => {
  it('joins a Chinese paragraph cut mid-sentence with its continuation, without a space', () => {
    const text = doc('今年以来，全省新建充电站三百座，农村地区的覆盖率明显', '提高，群众出行更加方便。')
    const findings = runRule(layoutBreak, text)
    expect(findings).toHaveLength(1)
    expect(findings[0].quote).toBe('农村地区的覆盖率明显\n\n提高，')
    expect(applyFixes(text, findings)).toBe('今年以来，全省新建充电站三百座，农村地区的覆盖率明显提高，群众出行更加方便。')
  })

  it('joins a cut made inside a Chinese word', () => {
    const text = doc('会谈中，双方同意加强科技、教育等领域的人文交', '流，推动务实合作。')
    expect(applyFixes(text, runRule(layoutBreak, text))).toBe('会谈中，双方同意加强科技、教育等领域的人文交流，推动务实合作。')
  })

  it('joins when the next paragraph opens with a bound particle, even after a list item', () => {
    const text = doc('——坚持相互支持，坚定维护彼此主权和领土完整，不做任何损害对方利益', '的事。')
    const findings = runRule(layoutBreak, text)
    expect(findings.map((finding) => finding.fix?.text)).toEqual([''])
  })

  it('takes a short CJK line ending in 的, 于 or 而 for a cut one, not for a heading', () => {
    const text = doc('双方同意加强在科技教育等领域的', '合作。', '这是我们的目的', '两国关系的关键在于', '相互尊重。')
    expect(runRule(layoutBreak, text).map((finding) => finding.quote)).toEqual(['意加强在科技教育等领域的\n\n合作。', '两国关系的关键在于\n\n相互尊重。'])
  })

  it('joins English text with one space, and after a hyphen with none', () => {
    const english = doc('The committee met on Tuesday to discuss the', 'budget for next year, which was approved.')
    expect(applyFixes(english, runRule(layoutBreak, english))).toBe(
      'The committee met on Tuesday to discuss the budget for next year, which was approved.',
    )
    const hyphen = doc('The agreement covers trade, energy and inter-', 'national transport.')
    expect(applyFixes(hyphen, runRule(layoutBreak, hyphen))).toBe('The agreement covers trade, energy and inter-national transport.')
  })

  it('reports a cut paragraph without a fix when the next paragraph starts afresh', () => {
    const text = doc('据统计，今年以来全省新能源汽车销量持续增长，其中', '新华社北京6月17日电 国务院今天召开常务会议。')
    const findings = runRule(layoutBreak, text)
    expect(findings).toHaveLength(1)
    expect(findings[0].fix).toBeUndefined()
    expect(findings[0].quote).toBe('其中')
    const speaker = doc(
      '同时，记者从多位专家处了解到，下半年经济有望',
      '他强调，要坚持稳中求进工作总基调。',
      '据了解，下一步还将继续发力，并',
      '但是，外部环境仍然复杂。其中，电子信息制造业增长较快，但',
      '今年1-5月，全市数字经济核心产业增加值同比增长，其中',
      '下一步，我市将加快建设新型基础设施。',
    )
    expect(runRule(layoutBreak, speaker).map((finding) => [finding.quote, finding.fix])).toEqual([
      ['下半年经济有望', undefined],
      ['并', undefined],
      ['但', undefined],
      ['其中', undefined],
    ])
    const english = doc('Officials said the rules would apply from July, according to', 'Market Report', 'Shares rose on Monday.')
    expect(runRule(layoutBreak, english).map((finding) => [finding.quote, finding.fix])).toEqual([['according to', undefined]])
  })

  it('finds nothing after sentences that end with closing punctuation', () => {
    const closers = ['他说：“我们一定会来。”', '真的吗？', '太好了！', '故事还没有讲完……', '这是《人民日报》的报道』', '他们称之为「新石头」', '会议于上午举行（详见附件）']
    const text = doc(...closers.flatMap((sentence) => [sentence, '第二天，大家继续讨论合作事宜。']))
    expect(runRule(layoutBreak, text)).toEqual([])
    const english = doc('Prices rose 5%.', 'Did they?', 'Yes!', 'She said: "We will come."', "It's 'fine'", 'He left (briefly)', 'and so on…', 'The list follows:')
    expect(runRule(layoutBreak, english)).toEqual([])
  })

  it('finds nothing after headings, datelines, bylines and list items', () => {
    const text = doc(
      '第二届中国－中亚峰会开幕',
      '新华社北京6月17日电',
      '□本报记者 张三 李四',
      '今年以来，经济运行总体平稳，主要指标好于预期。',
      '习近平分别会见吉尔吉斯斯坦、塔吉克斯坦、乌兹别克斯坦总统',
      '当地时间17日上午，会见在阿斯塔纳举行。',
      '1. 加强合作',
      '2. 扩大开放',
      '——坚持相互尊重、平等相待，国家不分大小一视同仁',
      '——坚持合作共赢、共同发展，兼顾各方利益实现多赢',
      'Market Report: Shares Rise Again',
      'By John Smith, Staff Writer',
      '图为市民在超市选购商品。新华社记者 张三 摄',
      '当天，超市客流明显增加，节日氛围浓厚。',
      'Photo: The mayor speaks at City Hall on Tuesday. (AP Photo/John Doe)',
      '相关数据，详见国家统计局网站 http://www.stats.gov.cn/sj',
      'Residents can read the full budget, and comment on it, at www.springfield.gov/budget',
      'WASHINGTON —',
      'June 17, 2025',
      'The market rose sharply on Monday.',
      '- apples',
      '- pears',
    )
    expect(runRule(layoutBreak, text)).toEqual([])
  })

  // #18: a hard wrap is how the file is written, not a fault; before, each was reported with a join.
  it('reads hard-wrapped lines of a text whose paragraphs are separated by blank lines as one paragraph', () => {
    const text = 'The council met on Tuesday and the\nMayor said the plan would pass.\n\nAnother paragraph ends here.\n\nThe last one was long, and it said\nMayor Chen agreed.\n'
    expect(runRule(layoutBreak, text)).toEqual([])
    expect(findLayoutBreaks(splitParagraphs(text), text).map(({ paragraph, hardWrap }) => ({ paragraph, hardWrap }))).toEqual([
      { paragraph: 0, hardWrap: true },
      { paragraph: 3, hardWrap: true },
    ])
    // One paragraph per line: a capital after a complete word starts a new paragraph.
    const perLine = 'The council met on Tuesday, and it talked\nMayor Chen said the plan would pass.\nAnother one.\n'
    expect(runRule(layoutBreak, perLine).map((finding) => finding.fix)).toEqual([undefined])
  })

  it('reads short lines of equal length, or short lines opening with a capital, as verse', () => {
    expect(runRule(layoutBreak, doc('床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。'))).toEqual([])
    expect(runRule(layoutBreak, doc('Whose woods these are I think I know,', 'His house is in the village though;'))).toEqual([])
  })

  it('leaves no joinable break once every fix is applied', () => {
    const text = doc('两年来，双方互设文化中心、开设高校分校等取得', '进展，人员往来超过百万人次。据估算，风电潜能巨大。随着共', '建项目深入推进，合作成果不断涌现。', 'The talks were described as frank and', 'useful by both sides.')
    const findings = runRule(layoutBreak, text)
    expect(findings.filter((finding) => finding.fix)).toHaveLength(3)
    const fixed = applyFixes(text, findings)
    expect(runRule(layoutBreak, fixed)).toEqual([])
  })
})

describe('findLayoutBreaks', () => {
  it('marks whether the next paragraph continues the cut one', () => {
    const paragraphs = splitParagraphs(doc('两年来，双方互设文化中心、开设高校分校等取得', '进展，往来频繁。', '会谈中，双方就共同关心的问题深入交换了意见，并', '1. 加强合作'))
    expect(findLayoutBreaks(paragraphs).map(({ paragraph, continued, joinText }) => ({ paragraph, continued, joinText }))).toEqual([
      { paragraph: 0, continued: true, joinText: '' },
      { paragraph: 2, continued: false, joinText: '' },
    ])
  })
})
