import { describe, expect, it } from 'vitest'
import { continuationMarker, findContinuationMarkers } from '../../../core/checks'
import { doc, runRule } from './helpers'

describe('findContinuationMarkers', () => {
  it('reads Chinese markers in full- or half-width brackets with Chinese or Arabic numerals', () => {
    const text = '(上接第一版)甲（下转第3版）乙〔转第十二版〕丙(接第２版)丁【续第二十一版】'
    expect(findContinuationMarkers(text).map(({ direction, page, start, end }) => [text.slice(start, end), direction, page])).toEqual([
      ['(上接第一版)', 'from', '1'],
      ['（下转第3版）', 'to', '3'],
      ['〔转第十二版〕', 'to', '12'],
      ['(接第２版)', 'from', '2'],
      ['【续第二十一版】', 'from', '21'],
    ])
  })

  it('reads 下接 and relative pages', () => {
    const text = '甲（下接第4版）乙（转下页）丙(接上页)'
    expect(findContinuationMarkers(text).map(({ direction, page, start, end }) => [text.slice(start, end), direction, page])).toEqual([
      ['（下接第4版）', 'to', '4'],
      ['（转下页）', 'to', 'next'],
      ['(接上页)', 'from', 'previous'],
    ])
  })

  it('reads American jump lines with their jump word', () => {
    const to = 'The council will vote again in May. See BUDGET, Page A6'
    expect(findContinuationMarkers(to)).toEqual([{ start: 36, end: to.length, direction: 'to', page: 'A6', jump: 'BUDGET' }])
    const from = 'BUDGET, from Page A1 The vote came after months of talks.'
    expect(findContinuationMarkers(from)).toEqual([{ start: 0, end: 20, direction: 'from', page: 'A1', jump: 'BUDGET' }])
  })

  it('reads English markers', () => {
    const text = 'He said no. (Continued on Page A6) Later: continued from page 1. Continued on next page'
    expect(findContinuationMarkers(text).map(({ direction, page, start, end }) => [text.slice(start, end), direction, page])).toEqual([
      ['(Continued on Page A6)', 'to', 'A6'],
      ['continued from page 1', 'from', '1'],
      ['Continued on next page', 'to', 'next'],
    ])
  })

  it('ignores page numbers without a direction word and direction words inside prose', () => {
    expect(findContinuationMarkers('本报第三版刊登了全文，直接第一版的报道，转第三季度。The story continued on Monday.')).toEqual([])
  })
})

describe('continuationMarker', () => {
  it('names the page and says when the other piece is not in the text', () => {
    const findings = runRule(continuationMarker, doc('丝路花开', '如今，合作范围不断扩大。(下转第三版)'))
    expect(findings.map((finding) => [finding.quote, finding.related])).toEqual([['(下转第三版)', undefined]])
    expect(findings[0].message).toContain('page 3')
    expect(findings[0].message).toContain('not in this text')
  })

  it('links the pieces of a story whose headlines match', () => {
    const before = '两国合作不断深化，成果丰硕。'
    const after = '双方还将扩大人文交流。'
    const text = doc('中哈合作结出累累硕果', before, '（下转第二版）', '其他新闻标题', '别的报道内容。', '中哈合作结出累累硕果', `（上接第一版）${after}`)
    const findings = runRule(continuationMarker, text)
    expect(findings.map((finding) => finding.quote)).toEqual(['（下转第二版）', '（上接第一版）'])
    expect(findings[0].related?.map((range) => text.slice(range.start, range.end))).toEqual([after])
    expect(findings[1].related?.map((range) => text.slice(range.start, range.end))).toEqual([before])
  })

  it('does not link markers under different headlines', () => {
    const text = doc('丝路花开', '如今，合作范围不断扩大。(下转第三版)', '习近平出席峰会并作主旨发言', '(上接第一版)三要打造安全格局。')
    expect(runRule(continuationMarker, text).map((finding) => finding.related)).toEqual([undefined, undefined])
  })

  it('links jump lines by their jump word', () => {
    const text = doc(
      'Council Approves Budget',
      'The council approved the plan. See BUDGET, Page A6',
      'Storm Hits Coast',
      'Winds reached 100 mph. See STORM, Page A7',
      'Other Headline',
      'STORM, from Page A1 Power was restored by Friday.',
      'BUDGET, from Page A1 The vote came after months of talks.',
    )
    const findings = runRule(continuationMarker, text)
    expect(findings.map((finding) => [finding.quote, finding.related?.map((range) => text.slice(range.start, range.end))])).toEqual([
      ['See BUDGET, Page A6', ['The vote came after months of talks.']],
      ['See STORM, Page A7', ['Power was restored by Friday.']],
      ['STORM, from Page A1', ['Winds reached 100 mph.']],
      ['BUDGET, from Page A1', ['The council approved the plan.']],
    ])
  })

  it('links the one "continued on" with the one "continued from" when no headlines tell them apart', () => {
    const text = doc('The mayor said the plan would go ahead. (Continued on Page A6)', 'Other news here.', '(Continued from Page A1) Work starts in May.')
    const findings = runRule(continuationMarker, text)
    expect(findings.map((finding) => finding.related?.map((range) => text.slice(range.start, range.end)))).toEqual([
      ['Work starts in May.'],
      ['The mayor said the plan would go ahead.'],
    ])
  })
})
