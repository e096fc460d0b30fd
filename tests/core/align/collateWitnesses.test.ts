import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { alignWitnesses, collateWitnesses, type Collation, type CollationRow } from '../../../core/align'
import { seededRandom } from '../../../bench/seededRandom'
import { generateWitnessPair } from '../../../bench/align/generateWitnesses'
import { isClauseBoundary } from '../../../core/align/snapToClauses'
import { checkAlignment } from './checkAlignment'
import { checkCollation } from './checkCollation'

function collate(texts: string[], options?: Parameters<typeof collateWitnesses>[1]): Collation {
  return checkCollation(texts, collateWitnesses(texts, options))
}

const cellText = (texts: readonly string[], row: CollationRow, w: number) => {
  const cell = row.cells[w]
  return cell ? texts[w].slice(cell[0], cell[1]) : null
}
const rowsWithin = (c: Collation, w: number, range: [number, number]) =>
  c.rows.filter((r) => r.cells[w] !== null && r.cells[w]![0] < range[1] && r.cells[w]![1] > range[0])

describe('collateWitnesses', () => {
  it('gives one agreeing row for identical witnesses and none for empty ones', () => {
    const text = '第一段文字，没有变化。\n\nThe same text.'
    expect(collate([text, text, text])).toEqual({
      rows: [{ cells: [[0, text.length], [0, text.length], [0, text.length]], readings: [[0, 1, 2]] }], moves: [],
    })
    expect(collate(['', '', ''])).toEqual({ rows: [], moves: [] })
    expect(collate(['', '新增', ''])).toEqual({ rows: [{ cells: [null, [0, 2], null], readings: [[0, 2], [1]] }], moves: [] })
  })

  it('throws RangeError for fewer than two witnesses or a bad minMoveLength', () => {
    expect(() => collateWitnesses(['only one'])).toThrow(/at least two witnesses, got 1/)
    expect(() => collateWitnesses(['a', 'b', 'c'], { minMoveLength: -1 })).toThrow(RangeError)
  })

  it('reads a one-character change with its clause: one row, not three', () => {
    const texts = ['会议于二月召开，各方代表出席。会后发表联合声明。', '会议于三月召开，各方代表出席。会后发表联合声明。', '会议于二月召开，各方代表出席。会后发表联合声明。']
    const { rows } = collate(texts)
    expect(rows.map((r) => [r.readings, r.cells.map((_, w) => cellText(texts, r, w))])).toEqual([
      [[[0, 2], [1]], ['会议于二月召开，', '会议于三月召开，', '会议于二月召开，']],
      [[[0, 1, 2]], ['各方代表出席。会后发表联合声明。', '各方代表出席。会后发表联合声明。', '各方代表出席。会后发表联合声明。']],
    ])
  })

  it('groups the witnesses that agree and keeps white-space-only breaks with the moved paragraph', () => {
    const p = ['春天来了，河边的柳树抽出了新芽。', '村里的孩子们在田埂上放风筝，笑声传得很远。', '老人们坐在祠堂门口晒太阳，说起当年修水渠的往事。', '傍晚时分，炊烟从一家家屋顶升起。']
    const texts = [p.join('\n\n'), [p[0], p[2], p[3], p[1]].join('\n\n'), p.join('\n\n')]
    const c = collate(texts)
    expect(c.moves).toHaveLength(1)
    expect(c.moves[0].places.map((place) => [place.witness, texts[place.witness].slice(...place.range).trim()])).toEqual([[0, p[1]], [1, p[1]], [2, p[1]]])
    const differing = c.rows.filter((r) => r.readings.length > 1)
    // the moved paragraph where A and C have it, and where B has it: the breaks travel with it
    expect(differing.map((r) => r.cells.map((_, w) => cellText(texts, r, w)))).toEqual([
      [`${p[1]}\n\n`, null, `${p[1]}\n\n`],
      [null, `\n\n${p[1]}`, null],
    ])
    expect(differing.map((r) => r.readings)).toEqual([[[0, 2], [1]], [[0, 2], [1]]])
  })

  it('finds English transpositions between any two witnesses as moves', () => {
    const s = [
      'The bridge opened in May.', 'Crowds gathered on both banks of the river.', 'The mayor gave a short speech about the old ferry.',
      'Children sold lemonade by the toll house.', 'Fireworks ended the day.',
    ]
    const texts = [
      s.join(' '),
      [s[0], s[1].replace('both banks', 'either bank'), s[2], s[3], s[4]].join(' '),
      [s[0], s[1], s[3], s[4], s[2]].join(' '), // the speech put last
      [s[0], s[1].replace('both banks', 'either bank'), s[3], s[4], s[2]].join(' '), // the same move, seen against B too
    ]
    const c = collate(texts)
    const speech = c.moves.filter((m) => m.places.every((p) => texts[p.witness].slice(...p.range).includes('The mayor gave a short speech')))
    expect(speech).toHaveLength(1)
    expect(speech[0].places.map((p) => p.witness)).toEqual([0, 1, 2, 3])
    for (const p of speech[0].places) expect(texts[p.witness].slice(...p.range).trim()).toBe(s[2])
    const reworded = c.rows.find((r) => cellText(texts, r, 1)?.includes('either bank'))!
    expect(reworded.readings).toEqual([[0, 2], [1, 3]])
    expect(cellText(texts, reworded, 0)?.trim()).toBe('Crowds gathered on both banks of the river.')
  })

  it('finds a Chinese transposition between two witnesses that both differ from the base', () => {
    const s = ['中方愿同中亚国家加强互联互通合作。', '双方同意扩大农产品贸易规模。', '各方支持在阿斯塔纳设立联合研究中心。', '峰会通过了关于可持续发展的宣言。', '下届峰会将于二〇二七年举行。']
    const texts = [
      [s[0], s[1], s[3], s[4]].join(''), // the base lacks the research centre
      [s[0], s[1], s[2], s[3], s[4]].join(''),
      [s[0], s[2], s[1], s[3], s[4]].join(''), // placed before the trade sentence
    ]
    const c = collate(texts)
    expect(c.moves.map((m) => m.places.map((p) => [p.witness, texts[p.witness].slice(...p.range)]))).toEqual([
      [[1, s[1]], [2, s[1]]],
    ])
    const added = c.rows.filter((r) => r.cells[0] === null)
    expect(added.map((r) => r.readings)).toEqual([[[0, 1], [2]], [[0, 2], [1]]])
  })
})

describe('collateWitnesses on the three versions of point five in the sample', () => {
  const lines = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8').split('\n')
  // found by their shared opening: page 1, the continuation, the speech's own closing
  const texts = lines.filter((l) => l.startsWith('五要维护公正合理'))
  const c = collate(texts)

  it('finds the three versions, in document order', () => {
    expect(texts).toHaveLength(3)
  })

  it('aligns the shared international-order sentences across all three', () => {
    for (const sentence of ['五要维护公正合理、平等有序的国际秩序。', '反对霸权主义和强权政治，积极推动平等有序的世界多极化、普惠包容的经济全球化。']) {
      const rows = c.rows.filter((r) => texts.every((_, w) => cellText(texts, r, w)?.includes(sentence)))
      expect(rows, sentence).toHaveLength(1)
      expect(rows[0].readings).toEqual([[0, 1, 2]])
    }
  })

  it('reports the dropped support clause as missing from the continuation (B) only', () => {
    const dropped = '中方支持中亚国家在国际事务中发挥更大作用'
    const rows = rowsWithin(c, 0, [texts[0].indexOf(dropped), texts[0].indexOf(dropped) + dropped.length])
    expect(rows).toHaveLength(1)
    const [row] = rows
    expect(row.readings).toEqual([[0, 2], [1]])
    expect(cellText(texts, row, 0)).toContain(dropped)
    expect(cellText(texts, row, 2)).toContain(dropped)
    expect(cellText(texts, row, 1)).not.toContain(dropped)
    expect(texts[1]).not.toContain(dropped)
  })

  it('shows the continuation’s added passage as text of B only', () => {
    const added = c.rows.filter((r) => r.readings.length > 1 && r.cells[0] === null)
    expect(added).toHaveLength(1)
    expect(added[0].readings).toEqual([[0, 2], [1]])
    expect(cellText(texts, added[0], 1)).toMatch(/^今年是中国人民抗日战争/)
    expect(c.moves).toEqual([])
  })
})

/**
 * "Same differences" as the pairwise engine: each change segment of alignWitnesses
 * lies in exactly one row, that row is one where the two differ, every such row
 * holds at least one change, and the moves are the pairwise moves.
 */
function expectSameDifferences(a: string, b: string): void {
  const pairwise = checkAlignment(a, b, alignWitnesses(a, b))
  const c = collate([a, b])
  expect(c.moves).toEqual(pairwise.moves.map((m) => ({ id: m.id, places: [{ witness: 0, range: m.a }, { witness: 1, range: m.b }] })))
  // each row's [start, end] in both witnesses, absent cells as an empty range where the witness stands
  const at = [0, 0]
  const spans = c.rows.map((r) => r.cells.map((cell, w) => {
    const span: [number, number] = cell ?? [at[w], at[w]]
    at[w] = span[1]
    return span
  }))
  const holds = c.rows.map(() => 0)
  for (const s of pairwise.segments) {
    if (s.op === 'equal') continue
    const inside = spans.flatMap((span, r) => (span[0][0] <= s.a[0] && s.a[1] <= span[0][1] && span[1][0] <= s.b[0] && s.b[1] <= span[1][1]
      && (s.a[1] > s.a[0] ? span[0][1] > span[0][0] : true) && (s.b[1] > s.b[0] ? span[1][1] > span[1][0] : true) ? [r] : []))
    const differing = inside.filter((r) => c.rows[r].readings.length > 1)
    expect(differing, `segment ${JSON.stringify(s)} in one differing row`).toHaveLength(1)
    holds[differing[0]]++
  }
  c.rows.forEach((r, i) => expect(r.readings.length > 1 ? holds[i] > 0 : holds[i] === 0, `row ${i} ${JSON.stringify(r)}`).toBe(true))
}

describe('collateWitnesses with two witnesses', () => {
  it('gives the same differences as alignWitnesses', () => {
    const lines = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8').split('\n')
    const fives = lines.filter((l) => l.startsWith('五要维护公正合理'))
    expectSameDifferences(fives[0], fives[1])
    expectSameDifferences(fives[1], fives[2])
    const start = lines.findIndex((l) => l.startsWith('一要'))
    const continued = lines.findIndex((l, i) => i > start + 5 && l.startsWith('三要'))
    expectSameDifferences(lines.slice(start, start + 12).join('\n'), lines.slice(continued, continued + 12).join('\n'))
    expectSameDifferences('Then the quick brown fox jumped. It ran far away, over the hill.', 'Then the slow red fox jumped. It ran away over the green hill.')
  })

  it('gives the same differences as alignWitnesses on seeded pairs with edits and moved sentences', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { a, b } = generateWitnessPair(4_000, seed)
      expectSameDifferences(a, b)
    }
  })
})

describe('isClauseBoundary', () => {
  it('is true after punctuation and at a line start, not inside a word, a number or a white-space run', () => {
    const text = "甲乙，丙。don't stop; 3.14 and 1,000.\n\nNext"
    const boundaries = Array.from({ length: text.length + 1 }, (_, q) => q).filter((q) => isClauseBoundary(text, q))
    expect(boundaries.map((q) => [text.slice(Math.max(0, q - 2), q), text.slice(q, q + 2)])).toEqual([
      ['', '甲乙'], ['乙，', '丙。'], ['丙。', 'do'], ['p;', ' 3'], ['0.', '\n\n'], ['\n\n', 'Ne'], ['xt', ''],
    ])
  })
})

describe('collateWitnesses on seeded random witness sets', () => {
  it('rebuilds witnesses that differ in white space and punctuation width, and agrees where only those differ', () => {
    const random = seededRandom(17)
    const pick = (n: number) => Math.floor(random() * n)
    const words = ['中国', '合作', 'the', 'river', '2025', '鲁班工坊', '心联通', 'Astana']
    for (let round = 0; round < 30; round++) {
      const base = Array.from({ length: 60 }, () => words[pick(words.length)] + String.fromCharCode(0x4e00 + pick(500)) + (random() < 0.3 ? '，' : ''))
      const texts = Array.from({ length: 2 + pick(4) }, () => {
        const separators = [' ', '\n\n', '  ', '\n', ' \u3000']
        return base.map((w) => (random() < 0.5 ? w.replace('，', ',') : w) + separators[pick(separators.length)]).join('')
      })
      const { rows } = collate(texts)
      expect(rows, `round ${round}`).toHaveLength(1)
      expect(rows[0].readings).toEqual([texts.map((_, w) => w)])
      const edited = texts.map((t) => (random() < 0.5 ? t.slice(0, 40) + '新' + t.slice(41) : t))
      collate(edited)
    }
  })


  const LATIN = ['river', 'summit', 'Astana', 'data', 'port']
  it('rebuilds every witness and reports every planted moved block of ≥ 20 units as a move', () => {
    const random = seededRandom(20250617)
    const pick = (n: number) => Math.floor(random() * n)
    const sentence = () => {
      let text = ''
      const length = 12 + pick(30)
      for (let i = 0; i < length; i++) text += random() < 0.05 ? ` ${LATIN[pick(LATIN.length)]} ` : String.fromCharCode(0x4e00 + pick(3000))
      return `${text}${random() < 0.5 ? '，' : '。'}`
    }
    let plantedCount = 0
    for (let round = 0; round < 40; round++) {
      const original = Array.from({ length: 40 + pick(40) }, sentence)
      // sentences no witness edits or drops: the ones moved, so a moved block is the same text everywhere
      const stable = original.map(() => random() < 0.4)
      const witnessCount = 2 + pick(5)
      const planted: string[][] = []
      const texts: string[] = []
      for (let w = 0; w < witnessCount; w++) {
        const items: Array<{ text: string; movable: boolean }> = []
        original.forEach((s, i) => {
          const r = random()
          if (stable[i] || r >= 0.2) items.push({ text: s, movable: stable[i] })
          else if (r < 0.04) return
          else if (r < 0.08) items.push({ text: s, movable: false }, { text: sentence(), movable: false })
          else {
            const at = pick(s.length - 1)
            items.push({ text: s.slice(0, at) + String.fromCharCode(0x4e00 + pick(3000)) + s.slice(at + 1), movable: false })
          }
        })
        const blocks: string[] = []
        for (let m = 1 + pick(3); m > 0; m--) {
          const from = pick(items.length - 2)
          const count = 1 + pick(2)
          const block = items.slice(from, from + count)
          if (!block.every((item) => item.movable)) continue
          items.splice(from, count)
          let to = pick(items.length + 1)
          if (Math.abs(to - from) < 6) to = (from + Math.floor(items.length / 2)) % (items.length + 1)
          items.splice(to, 0, ...block.map((item) => ({ ...item, movable: false })))
          const text = block.map((item) => item.text).join('')
          if (text.length >= 20) blocks.push(text)
        }
        texts.push(items.map((item) => item.text).join(''))
        planted.push(blocks)
      }
      const c = collate(texts)
      planted.forEach((blocks, w) => {
        for (const block of blocks) {
          const start = texts[w].indexOf(block)
          expect(texts[w].lastIndexOf(block), 'a planted block occurs once').toBe(start)
          const end = start + block.length
          const found = c.moves.some((m) => m.places.some((p) => p.witness === w
            && Math.min(p.range[1], end) - Math.max(p.range[0], start) >= block.length / 2))
          expect(found, `round ${round}: witness ${w} block at ${start}–${end} reported as moved`).toBe(true)
          plantedCount++
        }
      })
    }
    expect(plantedCount, "the rounds plant enough moves to mean something").toBeGreaterThanOrEqual(60)
  })
})
