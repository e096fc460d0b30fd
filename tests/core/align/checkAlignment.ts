import { expect } from 'vitest'
import type { Alignment } from '../../../core/align'

/**
 * The one check every alignment test runs: segments walk both witnesses in order
 * without gaps or overlaps (so they rebuild each exactly), each op has the right
 * shape, and moves and segments reference each other both ways.
 * Returns the alignment for chaining.
 */
export function checkAlignment(a: string, b: string, alignment: Alignment): Alignment {
  let x = 0
  let y = 0
  let rebuiltA = ''
  let rebuiltB = ''
  const segmentMoves = new Map<number, { a: [number, number] | null; b: [number, number] | null }>()
  for (const [index, s] of alignment.segments.entries()) {
    const where = `segment ${index} ${JSON.stringify(s)}`
    expect(s.a[0], `${where}: A start`).toBe(x)
    expect(s.b[0], `${where}: B start`).toBe(y)
    expect(s.a[1] >= s.a[0] && s.b[1] >= s.b[0], `${where}: ranges forward`).toBe(true)
    if (s.op === 'insert') expect(s.a[1] === s.a[0] && s.b[1] > s.b[0], `${where}: insert shape`).toBe(true)
    else if (s.op === 'delete') expect(s.b[1] === s.b[0] && s.a[1] > s.a[0], `${where}: delete shape`).toBe(true)
    else expect(s.a[1] > s.a[0] && s.b[1] > s.b[0], `${where}: both sides non-empty`).toBe(true)
    if (s.move !== undefined) {
      expect(s.op === 'insert' || s.op === 'delete' || s.op === 'equal', `${where}: move op`).toBe(true)
      const entry = segmentMoves.get(s.move) ?? { a: null, b: null }
      if (s.op !== 'insert') entry.a = s.a
      if (s.op !== 'delete') entry.b = s.b
      segmentMoves.set(s.move, entry)
    }
    if (s.parts) {
      expect(s.op, `${where}: parts only in replace`).toBe('replace')
      let px = s.a[0]
      let py = s.b[0]
      for (const part of s.parts) {
        expect([part.a[0], part.b[0]], `${where}: part in order`).toEqual([px, py])
        px = part.a[1]
        py = part.b[1]
      }
      expect([px, py], `${where}: parts cover the replace`).toEqual([s.a[1], s.b[1]])
    }
    rebuiltA += a.slice(s.a[0], s.a[1])
    rebuiltB += b.slice(s.b[0], s.b[1])
    x = s.a[1]
    y = s.b[1]
  }
  expect(x, 'segments end at the end of A').toBe(a.length)
  expect(y, 'segments end at the end of B').toBe(b.length)
  expect(rebuiltA).toBe(a)
  expect(rebuiltB).toBe(b)
  const ids = alignment.moves.map((m) => m.id)
  expect(new Set(ids).size, 'move ids unique').toBe(ids.length)
  for (const move of alignment.moves) {
    const entry = segmentMoves.get(move.id)
    expect(entry, `move ${move.id} has segments`).toBeDefined()
    expect(entry?.a, `move ${move.id}: A place is a segment`).toEqual(move.a)
    expect(entry?.b, `move ${move.id}: B place is a segment`).toEqual(move.b)
  }
  expect([...segmentMoves.keys()].every((id) => ids.includes(id)), 'segments name listed moves only').toBe(true)
  return alignment
}
