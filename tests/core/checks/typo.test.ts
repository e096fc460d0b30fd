import { describe, expect, it } from 'vitest'
import { typo } from '../../../core/checks'
import { applyFixes, doc, runRule } from './helpers'

describe('typo', () => {
  it('finds listed character confusions and fixes them', () => {
    const text = doc('办好自已的事情，再接再励，迫不急待。', '他的脉博很快，肌肉松驰，准备去渡假。')
    const findings = runRule(typo, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['自已', '再接再励', '迫不急待', '脉博', '松驰', '渡假'])
    expect(applyFixes(text, findings)).toBe(doc('办好自己的事情，再接再厉，迫不及待。', '他的脉搏很快，肌肉松弛，准备去度假。'))
  })

  it('leaves the contexts where the listed spelling is right', () => {
    const text = doc('他激动得不能自已。', '中华文脉博大精深。', '这是一个过渡假期。', '轻松驰骋在草原上。', '这项工作要做好，作为表率。')
    expect(runRule(typo, text)).toEqual([])
  })

  it('finds English misspellings and doubled words, keeping capitals', () => {
    const text = 'Teh report said the the goverment would recieve it. That that is so, and he had had enough.'
    const findings = runRule(typo, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['Teh', 'the the', 'goverment', 'recieve'])
    expect(applyFixes(text, findings)).toBe('The report said the government would receive it. That that is so, and he had had enough.')
  })

  it('finds doubled punctuation but not ellipses, dashes or emphasis', () => {
    const text = doc('我们到了，，大家好。。', 'Wait.. what,, then.', '他说……然后——走了！！真的吗？？', 'And so...')
    const findings = runRule(typo, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['，，', '。。', '..', ',,'])
    expect(applyFixes(text, findings)).toBe(doc('我们到了，大家好。', 'Wait. what, then.', '他说……然后——走了！！真的吗？？', 'And so...'))
  })

  it('finds unbalanced quotation marks and brackets within a paragraph', () => {
    const text = doc('他说：“我们一定会来。', '签署了《合作协议，双方同意。', '会议（扩大会议举行。', '他称之为新石头」。', 'The plan (as agreed is final.')
    const findings = runRule(typo, text)
    expect(findings.map((finding) => [finding.quote, finding.fix])).toEqual([
      ['“', undefined],
      ['《', undefined],
      ['（', undefined],
      ['」', undefined],
      ['(', undefined],
    ])
  })

  it('accepts balanced marks, list labels, smileys, quotations over paragraphs and marks split by a layout break', () => {
    const text = doc(
      '他说：“我们要签署《合作协议》（草案）。”',
      '1) apples',
      '（一）主要做法',
      '二）扩大开放',
      'Fine :)',
      '“第一段话，还没有说完。',
      '“第二段话，现在说完了。”',
      '双方表示：“我们将加强合',
      '作，共同发展。”',
      complete(),
      '据，包括公交车和地铁。”记者说。',
    )
    expect(runRule(typo, text)).toEqual([])
  })
})

function complete(): string {
  return '会议在北京举行，各方代表出席。'
}
