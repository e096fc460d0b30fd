import { describe, expect, it } from 'vitest'
import { ANNOTATION_LIMITS, createAnchor, parseAnnotation, parseAnnotationType, parseDecision } from '../../../core/annotations'

const valid = () => ({
  id: 'a1',
  type: 'typo',
  author: 'Alice',
  created: '2026-11-25T10:00:00.000Z',
  updated: '2026-11-25T10:00:00Z',
  status: 'open',
  comments: [{ id: 'c1', author: 'Alice', created: '2026-11-25T10:00:00Z', text: 'see <b>here</b>' }],
  links: [{ rel: 'duplicate-cluster', target: 'a2' }],
  anchor: createAnchor('自已的事', 0, 2),
  suggestion: { text: '自己' },
  extra: 'dropped',
})

describe('parseAnnotation', () => {
  it('accepts a valid annotation and drops unknown keys', () => {
    const result = parseAnnotation(valid())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).not.toHaveProperty('extra')
    expect(result.value.comments[0].text).toBe('see <b>here</b>')
    expect(result.value.suggestion).toEqual({ text: '自己' })
  })
  it('names an over-long comment', () => {
    const a = valid()
    a.comments[0].text = 'x'.repeat(ANNOTATION_LIMITS.commentLength + 1)
    expect(parseAnnotation(a)).toEqual({ ok: false, error: 'annotation.comments[0].text: longer than 10000 characters' })
  })
  it('rejects ids that could break out of markup', () => {
    const result = parseAnnotation({ ...valid(), id: '"><script>' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/^annotation\.id: not a valid id/)
  })
  it('rejects non-objects, bad times, bad colours and inverted positions', () => {
    expect(parseAnnotation(null)).toEqual({ ok: false, error: 'annotation: expected an object' })
    expect(parseAnnotation({ ...valid(), created: 'yesterday' }).ok).toBe(false)
    expect(parseAnnotation({ ...valid(), color: 'red;background:url(x)' })).toEqual({ ok: false, error: 'annotation.color: expected "#rrggbb"' })
    const inverted = valid()
    inverted.anchor.position = { type: 'TextPositionSelector', start: 5, end: 2 }
    expect(parseAnnotation(inverted)).toEqual({ ok: false, error: 'annotation.anchor.position: end 2 before start 5' })
  })
  it('rejects too many comments', () => {
    const a = valid()
    a.comments = Array.from({ length: ANNOTATION_LIMITS.comments + 1 }, (_, i) => ({ ...a.comments[0], id: `c${i}` }))
    expect(parseAnnotation(a)).toEqual({ ok: false, error: 'annotation.comments: more than 1000 entries' })
  })
})

describe('parseDecision', () => {
  it('requires the edited text for an edited reading', () => {
    const d = {
      id: 'd1',
      a: { type: 'TextPositionSelector', start: 0, end: 3 },
      b: { type: 'TextPositionSelector', start: 5, end: 8 },
      reading: 'edited',
      author: 'Bob',
      created: '2026-11-25T10:00:00Z',
      witnesses: { a: 'page 1', b: 'continuation' },
    }
    expect(parseDecision(d)).toEqual({ ok: false, error: "decision.text: required when reading is 'edited'" })
    expect(parseDecision({ ...d, text: 'new' }).ok).toBe(true)
  })
})

describe('parseAnnotationType', () => {
  it('accepts a custom type and never marks it built in', () => {
    expect(parseAnnotationType({ name: '人名', color: '#123456', builtIn: true })).toEqual({ ok: true, value: { name: '人名', color: '#123456', label: '人名', builtIn: false } })
  })
  it('rejects a colour that could inject CSS', () => {
    expect(parseAnnotationType({ name: 'x', color: 'red;}' })).toEqual({ ok: false, error: 'annotationType.color: expected "#rrggbb"' })
  })
})
