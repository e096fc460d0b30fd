import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { alignWitnesses, proposeComparisons, type Alignment } from '../../../core/align'
import { paragraphsFromPlainText, projectParagraphs } from '../../../core/text/projection'
import { buildRows, type CompareRow } from '../../../client/compare/buildRows'

/** The text of one side of the rows joined: must equal the witness. */
function sideText(rows: CompareRow[], key: 'a' | 'b'): string {
  return rows.map((row) => row[key].pieces.map((p) => p.text).join('')).join('')
}

const sample = projectParagraphs(paragraphsFromPlainText(readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')))

describe('buildRows', () => {
  it('renders every segment once and rebuilds both witnesses, with projection offsets', () => {
    const a = 'The old bridge fell. Then the rain came. We rebuilt it in stone.'
    const b = 'Then the rain came. The old bridge fell. We rebuilt it in wood.'
    const alignment = alignWitnesses(a, b)
    const { rows, variants } = buildRows(alignment, { text: a, start: 100 }, { text: b, start: 500 })
    expect(rows.map((r) => r.index)).toEqual(alignment.segments.map((_, i) => i))
    expect(sideText(rows, 'a')).toBe(a)
    expect(sideText(rows, 'b')).toBe(b)
    expect(rows[0].a.start).toBe(100)
    expect(rows[0].b.start).toBe(500)
    expect(rows[rows.length - 1].a.end).toBe(100 + a.length)
    expect(rows[rows.length - 1].b.end).toBe(500 + b.length)
    // Every non-equal row belongs to exactly one variant, equal rows to none.
    const covered = variants.flatMap((v) => v.rows).sort((x, y) => x - y)
    expect(covered).toEqual(rows.filter((r) => r.kind !== 'equal').map((r) => r.index))
    expect(rows.filter((r) => r.kind === 'equal').every((r) => r.variant === null)).toBe(true)
  })

  it('makes the two places of a move one variant with both ranges', () => {
    const alignment: Alignment = {
      segments: [
        { op: 'delete', a: [0, 4], b: [0, 0], move: 1 },
        { op: 'equal', a: [4, 8], b: [0, 4] },
        { op: 'insert', a: [8, 8], b: [4, 8], move: 1 },
      ],
      moves: [{ id: 1, a: [0, 4], b: [4, 8] }],
    }
    const { rows, variants } = buildRows(alignment, { text: 'MOVEstay', start: 10 }, { text: 'stayMOVE', start: 20 })
    expect(rows.map((r) => r.kind)).toEqual(['moved-a', 'equal', 'moved-b'])
    expect(rows[0].b.pieces).toEqual([])
    expect(rows[2].a.pieces).toEqual([])
    expect(variants).toEqual([{ key: 'move-1', kind: 'moved', move: 1, rows: [0, 2], a: { start: 10, end: 14 }, b: { start: 24, end: 28 } }])
    expect(rows[0].variant).toBe('move-1')
    expect(rows[2].variant).toBe('move-1')
  })

  it('marks only the differing characters inside a changed row', () => {
    const alignment: Alignment = {
      segments: [{
        op: 'replace', a: [0, 6], b: [0, 5],
        parts: [
          { op: 'equal', a: [0, 2], b: [0, 2] },
          { op: 'replace', a: [2, 3], b: [2, 3] },
          { op: 'delete', a: [3, 4], b: [3, 3] },
          { op: 'equal', a: [4, 6], b: [3, 5] },
        ],
      }],
      moves: [],
    }
    const { rows } = buildRows(alignment, { text: '自已的事', start: 0 }, { text: '自己的事', start: 0 })
    // Not a real alignment of these texts: the pieces follow the parts given.
    expect(rows[0].a.pieces).toEqual([{ text: '自已', changed: false }, { text: '的事', changed: true }])
    expect(rows[0].b.pieces).toEqual([{ text: '自己', changed: false }, { text: '的', changed: true }, { text: '事', changed: false }])
  })

  it('rebuilds both witnesses of the sample five-point comparison', () => {
    const proposal = proposeComparisons(sample).find((p) => p.reason === 'continuation')!
    const a = sample.slice(proposal.a.start, proposal.a.end)
    const b = sample.slice(proposal.b.start, proposal.b.end)
    const { rows, variants } = buildRows(alignWitnesses(a, b), { text: a, start: proposal.a.start }, { text: b, start: proposal.b.start })
    expect(sideText(rows, 'a')).toBe(a)
    expect(sideText(rows, 'b')).toBe(b)
    // character-level marks inside differences: page 1's misplaced point-four text
    // (one moved row each side, #17) is marked only where its two places differ
    const moved = rows.filter((r) => r.kind === 'moved-a' || r.kind === 'moved-b')
    expect(moved.map((r) => r.kind)).toEqual(['moved-a', 'moved-b'])
    // page 1's copy marked where it has more ("中国中亚" inside "中方支持深化中国中亚地方合作"), shared words not;
    // the continuation's copy is all in page 1's, so nothing of it is marked
    expect(moved[0].a.pieces.filter((p) => p.changed).map((p) => p.text)).toEqual(['中方', '在中国高校增设中亚语言专业，继续实施好“中国－中亚技术技能提升计划”，', '\n\n中方', '中国中亚', '，以友城交往为桥梁，以人文交流为抓手'])
    expect(moved[1].b.pieces.every((p) => !p.changed)).toBe(true)
    expect(moved[1].b.pieces.map((p) => p.text).join('')).toContain('支持深化地方合作')
    for (const v of variants) {
      expect(v.a.start).toBeGreaterThanOrEqual(proposal.a.start)
      expect(v.b.end).toBeLessThanOrEqual(proposal.b.end)
    }
  })
})
