import { describe, expect, it } from 'vitest'
import { fragment } from '../../../core/checks'
import { doc, runRule } from './helpers'

const complete = '会议在北京举行，各方代表出席。'

describe('fragment', () => {
  it('finds a paragraph opening with a lone character and a comma', () => {
    const text = doc(complete, '据，包括公交车、有轨电车和地铁在内的线路已全部开通。')
    const findings = runRule(fragment, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['据，'])
    expect(findings[0].fix).toBeUndefined()
  })

  it('finds paragraphs opening with closing punctuation, a bound particle or a lower-case letter', () => {
    const text = doc(complete, '，而且效果十分明显。', complete, '们纷纷表示满意。', 'The session closed.', 'the meeting ended early, officials said.', 'It rained.', ') and the rest.')
    expect(runRule(fragment, text).map((finding) => finding.quote)).toEqual(['，', '们纷纷表示满意。', 'the meeting', ') and the rest'])
  })

  it('finds a copy of a paragraph that elsewhere continues a cut sentence, and links the pieces', () => {
    const cut = '据估算，该地区风力发电潜能巨大。随着共'
    const rest = '建项目深入推进，双方合作成果不断涌现。'
    const text = doc(cut, rest, complete, rest)
    const findings = runRule(fragment, text)
    expect(findings).toHaveLength(1)
    expect(findings[0].start).toBe(text.lastIndexOf(rest))
    expect(findings[0].related).toEqual([
      { start: 0, end: cut.length },
      { start: cut.length + 2, end: cut.length + 2 + rest.length },
    ])
  })

  it('finds nothing where a sentence may start so', () => {
    const text = doc(
      complete,
      '但，这并不是全部。',
      '嗯，我知道了。',
      '一，加强合作；二，扩大开放。',
      '的确，这很重要。',
      '了解到，项目进展顺利。',
      'iPhone sales rose again.',
      'a) the first item',
      '“我们一定会来。”他说。',
      '(上接第二版)际体系，为世界和平注入更多稳定性。',
      '……他停顿了一下。',
      '——坚持合作共赢。',
      'npm install variorum',
    )
    expect(runRule(fragment, text)).toEqual([])
  })

  it('leaves the continuation of a layout break to the layout-break rule', () => {
    const text = doc('坚定支持彼此维护国家独立和主权，不做任何损害对方利益', '的事。', '两年来，双方互设文化中心等取得', '进展，往来频繁。')
    expect(runRule(fragment, text)).toEqual([])
  })
})
