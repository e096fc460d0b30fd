import { describe, expect, it } from 'vitest'
import { annotationLayers, nextAtPoint } from '../../../client/editor/annotationLayers'

describe('annotationLayers', () => {
  it('stacks nested and crossing ranges on separate layers, enclosing ones outermost', () => {
    const layers = annotationLayers([
      { id: 'c', start: 4, end: 8 },
      { id: 'b', start: 2, end: 5 },
      { id: 'a', start: 0, end: 10 },
    ])
    expect(Object.fromEntries(layers)).toEqual({ a: 0, b: 1, c: 2 })
  })

  it('reuses a layer once the range on it has ended', () => {
    const layers = annotationLayers([{ id: 'x', start: 0, end: 3 }, { id: 'y', start: 3, end: 6 }, { id: 'z', start: 1, end: 5 }])
    expect(Object.fromEntries(layers)).toEqual({ x: 0, z: 1, y: 0 })
  })
})

describe('nextAtPoint', () => {
  it('cycles through the annotations under a point, innermost first', () => {
    expect(nextAtPoint(['inner', 'outer'], null)).toBe('inner')
    expect(nextAtPoint(['inner', 'outer'], 'inner')).toBe('outer')
    expect(nextAtPoint(['inner', 'outer'], 'outer')).toBe('inner')
    expect(nextAtPoint(['inner'], 'elsewhere')).toBe('inner')
    expect(nextAtPoint([], 'inner')).toBeNull()
  })
})
