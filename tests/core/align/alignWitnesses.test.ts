import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { alignWitnesses, type Alignment } from '../../../core/align'
import { paragraphsFromPlainText, projectParagraphs } from '../../../core/text'
import { checkAlignment } from './checkAlignment'

function align(a: string, b: string, options?: Parameters<typeof alignWitnesses>[2]): Alignment {
  return checkAlignment(a, b, alignWitnesses(a, b, options))
}

const text = (witness: string, range: [number, number]) => witness.slice(range[0], range[1])

describe('alignWitnesses', () => {
  it('gives one equal segment for identical witnesses', () => {
    const a = '第一段文字，没有变化。\n\nThe same text.'
    expect(align(a, a)).toEqual({ segments: [{ op: 'equal', a: [0, a.length], b: [0, a.length] }], moves: [] })
  })

  it('handles empty witnesses', () => {
    expect(align('', '')).toEqual({ segments: [], moves: [] })
    expect(align('', '新增')).toEqual({ segments: [{ op: 'insert', a: [0, 0], b: [0, 2] }], moves: [] })
    expect(align('删去', '')).toEqual({ segments: [{ op: 'delete', a: [0, 2], b: [0, 0] }], moves: [] })
  })

  it('reports a paragraph moved between two versions as one move', () => {
    const p = [
      '春天来了，河边的柳树抽出了新芽。',
      '村里的孩子们在田埂上放风筝，笑声传得很远。',
      '老人们坐在祠堂门口晒太阳，说起当年修水渠的往事。',
      '傍晚时分，炊烟从一家家屋顶升起。',
    ]
    const a = [p[0], p[1], p[2], p[3]].join('\n\n')
    const b = [p[0], p[2], p[3], p[1]].join('\n\n')
    const { segments, moves } = align(a, b)
    expect(moves).toHaveLength(1)
    const [move] = moves
    expect(text(a, move.a).trim()).toBe(p[1])
    expect(text(b, move.b).trim()).toBe(p[1])
    expect(segments.filter((s) => s.move === move.id).map((s) => s.op).sort()).toEqual(['delete', 'insert'])
    // only the paragraph break left behind changes outside the move
    const other = segments.filter((s) => s.op !== 'equal' && s.move === undefined)
    expect(other.map((s) => text(a, s.a) + text(b, s.b))).toEqual(['\n\n', '\n\n'])
  })

  it('reports a moved paragraph with a small change inside as one move', () => {
    const p = [
      '春天来了，河边的柳树抽出了新芽。',
      '村里的孩子们在田埂上放风筝，笑声传得很远很远，一直传到河对岸。',
      '老人们坐在祠堂门口晒太阳，说起当年修水渠的往事。',
      '傍晚时分，炊烟从一家家屋顶升起。',
    ]
    const a = p.join('\n\n')
    const b = [p[0], p[2], p[3], p[1].replace('笑声', '欢笑声')].join('\n\n')
    const { moves } = align(a, b)
    expect(moves).toHaveLength(1)
    expect(text(a, moves[0].a)).toBe(p[1])
    expect(text(b, moves[0].b)).toBe(p[1].replace('笑声', '欢笑声'))
  })

  it('reports reordered English sentences as moves, not deletions plus insertions', () => {
    const s = [
      'The bridge opened in May.',
      'Crowds gathered on both banks of the river.',
      'The mayor gave a short speech about the old ferry.',
      'Fireworks ended the day.',
    ]
    const a = s.join(' ')
    const b = [s[2], s[0], s[1], s[3]].join(' ')
    const { moves } = align(a, b)
    expect(moves.length).toBeGreaterThanOrEqual(1)
    const moved = moves.map((m) => text(a, m.a).trim())
    expect(moved.some((m) => m === s[2] || m === `${s[0]} ${s[1]}`)).toBe(true)
    for (const m of moves) expect(text(a, m.a)).toBe(text(b, m.b))
  })

  it('reports a reworded clause as one replace, not single characters', () => {
    const a = '五要维护国际秩序。中方支持中亚国家在国际事务中发挥更大作用，愿同各方携手捍卫国际公平正义。'
    const b = '五要维护国际秩序。我们要携手捍卫国际公平正义。'
    const { segments } = align(a, b)
    expect(segments.map((s) => s.op)).toEqual(['equal', 'replace', 'equal'])
    expect(text(a, segments[1].a)).toBe('中方支持中亚国家在国际事务中发挥更大作用，愿同各方')
    expect(text(b, segments[1].b)).toBe('我们要')
  })

  it('reads two reworded English words as one replace: a space is no clause boundary', () => {
    const a = 'Then the quick brown fox jumped.'
    const b = 'Then the slow red fox jumped.'
    const { segments } = align(a, b)
    expect(segments.map((s) => [s.op, text(a, s.a), text(b, s.b)])).toEqual([
      ['equal', 'Then the ', 'Then the '], ['replace', 'quick brown', 'slow red'], ['equal', ' fox jumped.', ' fox jumped.'],
    ])
  })

  it('gives the character-level diff inside a replace as parts', () => {
    const a = '积极推动平等有序的世界多极化，'
    const b = '积极推进平稳有序的世界多极化，'
    const { segments } = align(a, b)
    const replace = segments.find((s) => s.op === 'replace')
    expect(replace && text(a, replace.a)).toBe('动平等')
    expect(replace?.parts?.map((p) => [p.op, text(a, p.a), text(b, p.b)])).toEqual([
      ['replace', '动', '进'], ['equal', '平', '平'], ['replace', '等', '稳'],
    ])
  })

  it('matches full-width and half-width punctuation unless told not to', () => {
    expect(align('你好，世界。', '你好,世界.').segments.map((s) => s.op)).toEqual(['equal'])
    const exact = align('你好，我的世界', '你好,我的世界', { normalizePunctuation: false }).segments
    expect(exact.map((s) => s.op)).toEqual(['equal', 'replace', 'equal'])
    expect(exact[1].a).toEqual([2, 3])
  })

  it('leaves repeats shorter than minMoveLength as plain changes', () => {
    // the moved sentence is 13 code units: a move by default (12), not at 20
    const a = '甲乙丙丁戊己庚辛壬癸天地玄黄。子丑寅卯辰巳午未申酉戌亥。'
    const b = '子丑寅卯辰巳午未申酉戌亥。甲乙丙丁戊己庚辛壬癸天地玄黄。'
    // the longer sentence stays in place; the shorter (13) is the one that moved
    expect(align(a, b).moves.map((m) => text(a, m.a))).toEqual(['子丑寅卯辰巳午未申酉戌亥。'])
    expect(align(a, b, { minMoveLength: 20 }).moves).toHaveLength(0)
  })

  it('throws RangeError for a bad minMoveLength', () => {
    expect(() => alignWitnesses('a', 'b', { minMoveLength: -1 })).toThrow(RangeError)
    expect(() => alignWitnesses('a', 'b', { minMoveLength: 1.5 })).toThrow(/minMoveLength 1.5/)
  })

  it('finds a moved sentence in a 120 000-character witness, where anchors are sampled', () => {
    let state = 11
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const sentence = () => Array.from({ length: 40 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 3000))).join('') + '。'
    const sentences = Array.from({ length: 3000 }, sentence)
    const edited = sentences.map((s, i) => (i % 97 === 0 ? s.slice(0, 10) + '新' + s.slice(11) : s))
    const [moved] = edited.splice(500, 1)
    edited.splice(2500, 0, moved)
    const a = sentences.join('')
    const b = edited.join('')
    const { moves, segments } = align(a, b)
    expect(moves.map((m) => text(a, m.a))).toEqual([moved])
    expect(segments.filter((s) => s.op === 'replace').map((s) => [text(a, s.a), text(b, s.b)])).toEqual(
      sentences.filter((_, i) => i % 97 === 0).map((s) => [s[10], '新']),
    )
  })

  it('keeps its invariants on seeded random edits with moves', () => {
    let state = 7
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const words = ['中国', '合作', '发展', 'the', 'river', '，', '。', ' ', '2025', '鲁班工坊', '心联通', '\n\n']
    for (let round = 0; round < 40; round++) {
      const base: string[] = []
      for (let i = 0; i < 200; i++) base.push(words[Math.floor(random() * words.length)] + String.fromCharCode(0x4e00 + Math.floor(random() * 500)))
      const edited = base.filter(() => random() > 0.1).map((w) => (random() < 0.05 ? w + '新' : w))
      const cut = Math.floor(random() * edited.length)
      const moved = edited.splice(cut, 20)
      edited.splice(Math.floor(random() * edited.length), 0, ...moved)
      align(base.join(''), edited.join(''))
    }
  })
})

describe('alignWitnesses on the sample’s five-point section', () => {
  const paragraphs = paragraphsFromPlainText(readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8'))
  const projection = projectParagraphs(paragraphs)
  /** Projection range of the paragraphs from the first starting with `first` to the next starting with `last` (inclusive). */
  const cut = (first: string, last: string, from = 0): [number, number] => {
    const start = projection.indexOf(first, from)
    const lastStart = projection.indexOf(last, start)
    expect(start, first).toBeGreaterThanOrEqual(0)
    expect(lastStart, last).toBeGreaterThan(start)
    const end = projection.indexOf('\n\n', lastStart)
    return [start, end < 0 ? projection.length : end]
  }
  const marker = projection.indexOf('(上接第一版)')
  const aRange = cut('一要', '习近平最后指出')
  const bRange = cut('三要', '习近平最后指出', marker)
  const a = projection.slice(...aRange)
  const b = projection.slice(...bRange)
  const { segments, moves } = align(a, b)
  const paragraphOf = (witness: string, start: string): [number, number] => {
    const at = witness.indexOf(start)
    const end = witness.indexOf('\n\n', at)
    return [at, end < 0 ? witness.length : end]
  }

  it('shows page 1’s text under point three that belongs to point four as one misplaced block (#17)', () => {
    // page 1 lost the body of point three and the heading of point four, so point
    // four's body reads under point three, in order: one move, not equal text in place
    const bodyA = paragraphOf(a, '三要')
    const bodyStart = a.indexOf('。', bodyA[0]) + 1 // after the heading sentence
    const pointFourB = paragraphOf(b, '四要')
    const carried = moves.filter((m) => m.a[0] >= bodyStart && m.a[0] < bodyA[1])
    expect(carried).toHaveLength(1)
    const [move] = carried
    expect(move.misplaced).toBe(true)
    expect(move.a[0]).toBe(bodyStart)
    expect(text(a, move.a)).toContain('开发更多文化中心、高校分校、鲁班工坊')
    expect(text(a, move.a)).toContain('为中亚各国培养更多高素质人才')
    expect(move.b[0]).toBeGreaterThanOrEqual(pointFourB[0])
    expect(move.b[0] + text(b, move.b).trimEnd().length, 'ends with point four (and its paragraph break)').toBe(pointFourB[1])
    expect(text(b, move.b)).toMatch(/^愿在中亚开发更多文化中心/)
    // one block at each place: a single delete in A and a single insert in B
    const places = segments.filter((s) => s.move === move.id)
    expect(places.map((s) => [s.op, text(a, s.a), text(b, s.b)])).toEqual([['delete', text(a, move.a), ''], ['insert', '', text(b, move.b)]])
    // nothing of the block is left as equal text in place
    expect(segments.some((s) => s.op === 'equal' && s.a[0] < move.a[1] && s.a[1] > move.a[0])).toBe(false)
  })

  it('shows point four missing on page 1 as text only the continuation has', () => {
    const headingFour = b.indexOf('四要拉紧同心同德')
    const covering = segments.find((s) => s.b[0] <= headingFour && s.b[1] > headingFour)
    expect(covering?.op).toBe('insert')
    expect(covering?.move).toBeUndefined()
    expect(a).not.toContain('四要')
  })

  it('shows the reworded opening of point five as one replace', () => {
    const changed = segments.filter((s) => s.op !== 'equal' && s.a[0] >= a.indexOf('五要') && s.a[0] < a.indexOf('携手捍卫'))
    expect(changed).toHaveLength(1)
    expect(changed[0].op).toBe('replace')
    expect(text(a, changed[0].a)).toBe('中方支持中亚国家在国际事务中发挥更大作用，愿同各方')
    expect(text(b, changed[0].b)).toBe('我们要')
  })
})
