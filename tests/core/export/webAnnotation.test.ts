import { describe, expect, it } from 'vitest'
import { createAnchor } from '../../../core/annotations'
import { exportWebAnnotations, importWebAnnotations, resolveAnchors } from '../../../core/export'
import { ANNOTATION_MUSTS, COLLECTION_MUSTS, PAGE_MUSTS, SELECTOR_FEATURES, failedAssertions, jsonLdError } from '../../validators/webAnnotationSchemas'
import { annotation, engineInput, find, sampleInput } from './fixtures'

const input = sampleInput()
const exported = JSON.parse(exportWebAnnotations(input))
const items: Array<Record<string, unknown>> = exported.first.items

describe('exportWebAnnotations', () => {
  it('passes the W3C collection and page MUST assertions', () => {
    expect(failedAssertions(exported, COLLECTION_MUSTS)).toEqual([])
    expect(failedAssertions(exported, PAGE_MUSTS)).toEqual([])
    expect(exported.total).toBe(input.annotations.length)
  })
  it('passes every annotation MUST assertion and both selector features for every annotation', () => {
    expect(items).toHaveLength(input.annotations.length)
    for (const item of items) {
      expect(failedAssertions(item, ANNOTATION_MUSTS), String(item.id)).toEqual([])
      expect(failedAssertions(item, SELECTOR_FEATURES), String(item.id)).toEqual([])
    }
  })
  it('is valid for the engine findings on the sample too', async () => {
    const engines = JSON.parse(exportWebAnnotations(engineInput()))
    expect(engines.first.items.length).toBeGreaterThan(10)
    expect(failedAssertions(engines, COLLECTION_MUSTS)).toEqual([])
    for (const item of engines.first.items) expect(failedAssertions(item, ANNOTATION_MUSTS)).toEqual([])
    expect(await jsonLdError(engines)).toBeNull()
  })
  it('expands as JSON-LD in safe mode (no key the contexts cannot map)', async () => {
    expect(await jsonLdError(exported)).toBeNull()
  })
  it('has selectors that agree with the text (the schemas cannot check that)', () => {
    for (const item of items) {
      if (item['variorum:orphaned']) continue
      const [quote, position] = (item.target as { selector: Array<Record<string, never>> }).selector
      expect(position.end).toBeGreaterThanOrEqual(position.start)
      expect(input.projection.slice(position.start, position.end)).toBe(quote.exact)
    }
  })
  it('writes the type as a tagging body, comments as commenting then replying, suggestions as editing', () => {
    const typo = items.find((i) => i.id === 'urn:variorum:annotation:typo-1')!
    expect((typo.body as Array<Record<string, unknown>>).map((b) => [b.purpose, b.value])).toEqual([
      ['tagging', 'typo'],
      ['commenting', input.annotations[0].comments[0].text],
      ['replying', 'Agreed & fixed? ]]>'],
      ['editing', '自己'],
    ])
    expect(typo.creator).toEqual({ type: 'Person', name: 'Alice' })
  })
})

describe('importWebAnnotations', () => {
  it('round-trips: a fresh copy of the text gets the same annotations on the same text', () => {
    const result = importWebAnnotations(JSON.parse(exportWebAnnotations(input)), input.projection.slice())
    const { placed, orphans } = resolveAnchors(input)
    expect(result.errors).toEqual([])
    expect(result.unanchored).toEqual(orphans.map((o) => ({ id: o.id, reason: 'quote not found in the text', quote: o.anchor.quote.exact })))
    const byId = new Map(result.annotations.map((a) => [a.id, a]))
    expect(result.annotations).toHaveLength(placed.length)
    for (const p of placed) {
      const expected = { ...p.annotation, anchor: createAnchor(input.projection, p.start, p.end) }
      expect(byId.get(p.annotation.id)).toEqual(expected)
    }
  })
  it('re-anchors by quote after the text was edited before and inside the passage', () => {
    const typo = input.annotations.find((a) => a.id === 'note-wide')!
    const at = typo.anchor.position.start
    const edited = `新增的一段文字。\n\n${input.projection.slice(0, at + 6)}X${input.projection.slice(at + 6)}`
    const result = importWebAnnotations(JSON.parse(exportWebAnnotations(input)), edited)
    const moved = result.annotations.find((a) => a.id === 'note-wide')!
    expect(moved.anchor.quote.exact).toBe(`${typo.anchor.quote.exact.slice(0, 6)}X${typo.anchor.quote.exact.slice(6)}`)
    const exact = result.annotations.find((a) => a.id === 'typo-1')!
    expect(exact.anchor.position.start).toBe(input.annotations[0].anchor.position.start + 10)
  })
  it('reports unanchorable and malformed records instead of dropping them', () => {
    const p = 'abc def'
    const json = {
      type: 'AnnotationPage',
      items: [
        { id: 'http://example.org/anno/1', type: 'Annotation', target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: 'zzz' } } },
        { id: 'http://example.org/anno/2', type: 'Annotation', target: 'http://example.org/doc' },
        { id: 'http://example.org/anno/3', type: 'Annotation', target: { source: 'x', selector: { type: 'TextPositionSelector', start: 4, end: 7 } }, bodyValue: 'hi' },
        'not an annotation',
        { id: 'http://example.org/anno/5', type: 'Annotation', body: { type: 'TextualBody', value: 'x'.repeat(20_000) }, target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: 'abc' } } },
      ],
    }
    const result = importWebAnnotations(json, p)
    expect(result.unanchored).toEqual([
      { id: '1', reason: 'quote not found in the text', quote: 'zzz' },
      { id: '2', reason: 'no TextQuoteSelector or TextPositionSelector', quote: '' },
    ])
    expect(result.annotations.map((a) => [a.id, a.type, a.anchor.quote.exact, a.comments.map((c) => c.text)])).toEqual([['3', 'note', 'def', ['hi']]])
    expect(result.errors).toEqual(['items[3]: not an object', 'items[4] (5): annotation.comments[0].text: longer than 10000 characters'])
  })
  it('rejects input that is not Web Annotation data', () => {
    expect(importWebAnnotations(42, 'x')).toEqual({ annotations: [], unanchored: [], errors: ['input: not a Web Annotation, AnnotationPage, AnnotationCollection or array'] })
  })
  it('keeps an imported hostile id out of the annotation id', () => {
    const p = 'hello world'
    const json = [{ id: 'urn:x:"><img src=x>', type: 'Annotation', target: { source: 's', selector: { type: 'TextQuoteSelector', exact: 'world' } } }]
    expect(importWebAnnotations(json, p).annotations[0].id).toBe('imported-1')
  })
  it('uses the anchor helper consistently with find()', () => {
    const a = annotation(input.projection, 'x', 'note', find(input.projection, '自已'), find(input.projection, '自已') + 2)
    expect(a.anchor.quote.exact).toBe('自已')
  })
})

describe('exportWebAnnotations times', () => {
  it('adds the seconds RFC 3339 needs to ISO times that omit them', () => {
    const p = 'abc'
    const a = { ...annotation(p, 'a', 'note', 0, 1), created: '2026-11-25T10:00Z', comments: [{ id: 'c', author: 'A', created: '2026-11-25T10:05+08:00', text: 'x' }] }
    const out = JSON.parse(exportWebAnnotations({ title: 't', projection: p, annotations: [a], decisions: [], metadata: {} }))
    const item = out.first.items[0]
    expect(item.created).toBe('2026-11-25T10:00:00.000Z')
    expect(item.body[1].created).toBe('2026-11-25T02:05:00.000Z')
    expect(failedAssertions(item, ANNOTATION_MUSTS)).toEqual([])
  })
})

describe('importWebAnnotations round trip (seeded random)', () => {
  it('puts every annotation back on the same range of a repetitive text', () => {
    let seed = 7
    const random = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0
      return seed / 2 ** 32
    }
    for (let doc = 0; doc < 20; doc++) {
      // Few distinct characters, so quotes repeat and only context tells them apart.
      const p = Array.from({ length: 4 }, () => Array.from({ length: 40 }, () => '同事们朋友'[Math.floor(random() * 5)]).join('')).join('\n\n')
      const annotations = Array.from({ length: 15 }, (_, i) => {
        const start = Math.floor(random() * p.length)
        return annotation(p, `a${i}`, 'note', start, Math.min(p.length, start + Math.floor(random() * 12)))
      })
      const result = importWebAnnotations(JSON.parse(exportWebAnnotations({ title: 't', projection: p, annotations, decisions: [], metadata: {} })), p)
      expect(result.errors).toEqual([])
      expect(result.unanchored).toEqual([])
      expect(result.annotations.map((a) => [a.id, a.anchor.position.start, a.anchor.position.end]).sort()).toEqual(
        annotations.map((a) => [a.id, a.anchor.position.start, a.anchor.position.end]).sort(),
      )
    }
  })
})
