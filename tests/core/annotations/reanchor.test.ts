import { describe, expect, it } from 'vitest'
import { createAnchor, reanchor } from '../../../core/annotations'

describe('reanchor', () => {
  it('finds a unique quote even after the text before it changed length', () => {
    const anchor = createAnchor('alpha beta gamma', 6, 10)
    expect(reanchor('INSERTED alpha beta gamma', anchor)).toEqual({ status: 'exact', start: 15, end: 19 })
  })
  it('picks the repeat whose prefix and suffix match, not the nearest one', () => {
    const text = 'one: 同事们、朋友们！ tail. two: 同事们、朋友们！ end.'
    const second = text.lastIndexOf('同事们')
    const anchor = createAnchor(text, second, second + 8)
    anchor.position = { type: 'TextPositionSelector', start: 0, end: 8 } // stale hint pointing at the first repeat
    expect(reanchor(text, anchor)).toEqual({ status: 'exact', start: second, end: second + 8 })
  })
  it('breaks a context tie by the position hint', () => {
    const text = 'ab ab ab'
    const anchor = { quote: { type: 'TextQuoteSelector' as const, exact: 'ab', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector' as const, start: 6, end: 8 } }
    expect(reanchor(text, anchor)).toEqual({ status: 'exact', start: 6, end: 8 })
  })
  it('re-anchors fuzzily after a small edit inside the quote', () => {
    const text = 'The quick brown fox jumps over the lazy dog near the river bank.'
    const anchor = createAnchor(text, 4, 39) // "quick brown fox jumps over the lazy"
    const edited = text.replace('brown', 'browne')
    const result = reanchor(edited, anchor)
    expect(result.status).toBe('fuzzy')
    if (result.status !== 'fuzzy') return
    expect(edited.slice(result.start, result.end)).toBe('quick browne fox jumps over the lazy')
  })
  it('re-anchors fuzzily when the first characters of the quote were edited', () => {
    const text = '前文。双方同意深化贸易、投资和能源领域的务实合作，推动共建一带一路高质量发展。后文。'
    const start = text.indexOf('双方')
    const end = text.indexOf('。后文')
    const anchor = createAnchor(text, start, end)
    const edited = text.replace('双方同意', '双方一致同意')
    const result = reanchor(edited, anchor)
    expect(result.status).toBe('fuzzy')
    if (result.status === 'fuzzy') expect(edited.slice(result.start, result.end)).toBe('双方一致同意深化贸易、投资和能源领域的务实合作，推动共建一带一路高质量发展')
  })
  it('orphans an annotation whose text was deleted', () => {
    const text = 'keep this. 这一段文字后来被删除了，完全不见了。 keep that.'
    const start = text.indexOf('这')
    const anchor = createAnchor(text, start, text.indexOf('。') + 1)
    expect(reanchor('keep this.  keep that.', anchor)).toEqual({ status: 'orphaned' })
  })
  it('anchors an empty quote at the clamped hint', () => {
    const anchor = createAnchor('abcdef', 5, 5)
    expect(reanchor('abc', anchor)).toEqual({ status: 'exact', start: 3, end: 3 })
  })
})
