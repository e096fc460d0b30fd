import { describe, expect, it } from 'vitest'
import { AlignmentExtender } from '../../../core/duplicates/extendAlignment'
import { tokenize } from '../../../core/duplicates/tokenize'

// Two copies of one passage, the second with one character changed (开 → 召) in its middle.
const passage = '中国中亚峰会在阿斯塔纳开幕各国元首出席会议并发表讲话双方签署多项合作文件'
const copy = passage.replace('开', '召')
const units = tokenize(`${passage}。另有一段不同的文字。${copy}`)
const bStart = units.count - copy.length // one unit a Han character; the full stops are no units

describe('AlignmentExtender', () => {
  it('extends a seed match forward through one changed character to the end of the copies', () => {
    const extender = new AlignmentExtender(units)
    const forward = extender.forward(0, bStart, bStart)
    expect(forward).toEqual({ aEnd: passage.length, bEnd: bStart + copy.length, matched: passage.length - 1, edits: 1 })
  })

  it('extends a match backward through the change to the start of the copies', () => {
    const extender = new AlignmentExtender(units)
    const backward = extender.backward(passage.length, bStart + copy.length, passage.length)
    expect(backward).toEqual({ a: 0, b: bStart, matched: passage.length - 1, edits: 1 })
  })

  it('gives the same answer from a reused extender and from a fresh one, whatever ran in between', () => {
    const reused = new AlignmentExtender(units)
    const first = reused.forward(0, bStart, bStart)
    const other = new AlignmentExtender(tokenize('甲乙丙丁戊己庚辛壬癸 甲乙丙丁戊己庚辛壬子'))
    other.forward(0, 10, 10)
    reused.backward(passage.length, bStart + copy.length, passage.length)
    expect(reused.forward(0, bStart, bStart)).toEqual(first)
    expect(new AlignmentExtender(units).forward(0, bStart, bStart)).toEqual(first)
  })
})
