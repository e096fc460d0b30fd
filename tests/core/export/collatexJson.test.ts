import { describe, expect, it } from 'vitest'
import { collateWitnesses } from '../../../core/align'
import { parseCollatexInput, toCollatexTable } from '../../../core/export'

describe('toCollatexTable', () => {
  it('writes one token list per witness and row, white space folded into the token before it, gaps as []', () => {
    const texts = ['The old bridge。', 'The new bridge，', 'The bridge。']
    const table = toCollatexTable(['A', 'B', 'C'], texts, collateWitnesses(texts), [100, 0, 7])
    expect(table.witnesses).toEqual(['A', 'B', 'C'])
    expect(table.table).toEqual([[
      [{ t: 'The ', n: 'The' }, { t: 'old ', n: 'old' }, { t: 'bridge', n: 'bridge' }, { t: '。', n: '.' }],
      [{ t: 'The ', n: 'The' }, { t: 'new ', n: 'new' }, { t: 'bridge', n: 'bridge' }, { t: '，', n: ',' }],
      [{ t: 'The ', n: 'The' }, { t: 'bridge', n: 'bridge' }, { t: '。', n: '.' }],
    ]])
    expect(table.ranges).toEqual([[[100, 115], [0, 15], [7, 18]]])
    expect(table.moves).toEqual([])
  })

  it('throws RangeError when sigla and witnesses disagree in number', () => {
    expect(() => toCollatexTable(['A'], ['x', 'y'], collateWitnesses(['x', 'y']))).toThrow(/1 sigla for 2 witnesses/)
  })
})

describe('parseCollatexInput', () => {
  it('reads content and pre-tokenised witnesses', () => {
    expect(parseCollatexInput(JSON.stringify({ witnesses: [{ id: 'A', content: 'a b' }, { id: 'B', tokens: [{ t: 'a ', n: 'a' }, { t: 'c' }] }] }))).toEqual({
      ok: true, witnesses: [{ id: 'A', content: 'a b' }, { id: 'B', content: 'a c' }],
    })
  })

  it('reports what is wrong as a value', () => {
    const cases: Array<[string, string]> = [
      ['[1, 2]', 'expected {"witnesses":[{"id":…,"content":…}, …]}'],
      ['{"witnesses": [{"id": "A", "content": "x"}, {"id": "A", "content": "y"}]}', 'witness id "A" is given twice'],
      ['{"witnesses": [{"id": "A", "content": "x"}, {"id": "B", "tokens": [{"n": "y"}]}]}', 'witness "B" has neither "content" nor "tokens" with "t" strings'],
      ['{"witnesses": [null, {"id": "B", "content": "y"}]}', 'witness 1 has no "id" string'],
    ]
    for (const [json, error] of cases) expect(parseCollatexInput(json), json).toEqual({ ok: false, error })
    expect(parseCollatexInput('{').ok).toBe(false)
  })
})
