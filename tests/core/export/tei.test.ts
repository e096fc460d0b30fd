import type { Element as XmlElement } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { exportTei, type EditionInput } from '../../../core/export'
import { jingTexts } from '../../validators/jing'
import { XSS, annotation, engineInput, sampleInput } from './fixtures'
import { expectPointersResolve, parseXml } from './teiXml'

const full = sampleInput()
const inputs: Record<string, EditionInput> = {
  sample: full,
  engines: engineInput(),
  noDecisions: { ...full, decisions: [] },
  onlyDecisions: { ...full, annotations: [] },
  empty: { title: 'Empty', projection: '', annotations: [], decisions: [], metadata: {} },
  edges: (() => {
    const p = 'ab自已cd\n\n\n\nefgh\n\nij'
    const dec = (id: string, a: [number, number], b: [number, number], reading: 'a' | 'b' | 'edited', text?: string) => ({
      id, a: { type: 'TextPositionSelector' as const, start: a[0], end: a[1] }, b: { type: 'TextPositionSelector' as const, start: b[0], end: b[1] },
      reading, text, author: 'Z', created: '2026-01-01T00:00:00Z', witnesses: { a: 'A', b: 'B' },
    })
    return {
      title: 'edges',
      projection: p,
      annotations: [
        annotation(p, 'sep', 'layout-break', 6, 8),
        annotation(p, 'all', 'note', 0, p.length),
        annotation(p, 'end', 'note', p.length, p.length),
        annotation(p, 'start', 'note', 0, 0),
        annotation(p, 'typo', 'typo', 2, 4, { suggestion: { text: '自己' } }),
        annotation(p, 'cross', 'typo', 3, 5, { suggestion: { text: 'X' } }),
        annotation(p, 'd1', 'duplicate', 0, 12, { cluster: 'k' }),
        annotation(p, 'd2', 'duplicate', 10, 18, { cluster: 'k' }),
      ],
      decisions: [dec('e1', [10, 14], [16, 16], 'edited', 'x\n\ny\n\nz'), dec('e2', [1, 3], [16, 18], 'b'), dec('bad', [5, 999], [0, 1], 'a')],
      metadata: {},
    }
  })(),
  hostile: (() => {
    const p = `a${XSS}\u0001\u0007b\n\nsecond ]]> para`
    return {
      title: `T${XSS}\u0000`,
      projection: p,
      annotations: [annotation(p, 'x1', 'weird type"<>', 0, 5, { comments: [{ id: 'c', author: `A${XSS}`, created: '2026-01-01T00:00:00Z', text: XSS }] })],
      decisions: [],
      metadata: { source: XSS, editors: [XSS], id: '"><x' },
    }
  })(),
}
/** Seeded random editions: overlapping, crossing, empty and paragraph-spanning ranges of every kind. */
function randomInput(seed: number): EditionInput {
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0
    return seed / 2 ** 32
  }
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]
  const chars = ['中', '文', '字', 'a', 'b', ' ', '&', '<', '>', ']]>', '"', '。', '😀']
  const paragraphs = Array.from({ length: 2 + Math.floor(random() * 6) }, () => Array.from({ length: Math.floor(random() * 25) }, () => pick(chars)).join(''))
  const p = paragraphs.join('\n\n')
  const range = (): [number, number] => {
    const a = Math.floor(random() * (p.length + 1))
    const b = Math.min(p.length, a + Math.floor(random() * 30))
    return [a, b]
  }
  const types = ['duplicate', 'variant', 'layout-break', 'continuation', 'typo', 'intrusion', 'misplaced', 'note', 'suggestion', 'custom']
  const annotations = Array.from({ length: 12 }, (_, i) => {
    const [a, b] = range()
    const type = pick(types)
    return annotation(p, `r${i}`, type, a, b, {
      ...(random() < 0.5 ? { suggestion: { text: pick(['x', '', '自己']), ...(random() < 0.3 ? { state: 'accepted' as const, original: 'old' } : {}) } } : {}),
      ...(type === 'duplicate' ? { cluster: pick(['k1', 'k2']), keep: random() < 0.3 } : {}),
      links: random() < 0.3 ? [{ rel: pick(['variant-pair', 'continuation', 'duplicate-cluster']), target: `r${Math.floor(random() * 12)}` }] : [],
      comments: random() < 0.5 ? [{ id: 'c', author: pick(['A', 'B']), created: '2026-01-01T00:00:00Z', text: pick(chars) }] : [],
    })
  })
  const decisions = Array.from({ length: 3 }, (_, i) => {
    const [as, ae] = range()
    const [bs, be] = range()
    const reading = pick(['a', 'b', 'edited'] as const)
    return {
      id: `d${i}`, a: { type: 'TextPositionSelector' as const, start: as, end: ae }, b: { type: 'TextPositionSelector' as const, start: bs, end: be },
      reading, text: reading === 'edited' ? 'e\n\nf' : undefined, author: 'D', created: '2026-01-01T00:00:00Z', witnesses: { a: pick(['page 1', 'page 2']), b: 'continuation' },
    }
  })
  return { title: `random ${seed}`, projection: p, annotations, decisions, metadata: {} }
}
for (let seed = 1; seed <= 12; seed++) inputs[`random${seed}`] = randomInput(seed)

const xml = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, exportTei(v)]))

const parse = parseXml

describe('exportTei', () => {
  it('is valid against tei_all.rng for every input (one jing run)', () => {
    const result = jingTexts(xml)
    for (const name of Object.keys(xml)) expect(result[name], name).toEqual([])
  })

  it('resolves every pointer to an xml:id in the document', () => {
    for (const [name, text] of Object.entries(xml)) {
      const pointers = expectPointersResolve(name, text)
      if (name === 'sample') expect(pointers).toBeGreaterThan(100)
    }
  })

  it('encodes the sample with every device: apparatus, choice, linked segs, standoff spans, witnesses', () => {
    const doc = parse(xml.sample)
    const tags = (n: string) => Array.from(doc.getElementsByTagName(n)) as unknown as XmlElement[]
    expect(tags('variantEncoding')[0].getAttribute('method')).toBe('parallel-segmentation')
    expect(tags('witness').map((w) => w.textContent)).toEqual(['continuation', 'page 1', 'page 3'])
    expect(tags('app').length).toBe(4) // d1, d2 in two paragraphs, d3
    expect(tags('choice').map((c) => c.textContent)).toContain('自已自己')
    expect(tags('seg').filter((s) => s.getAttribute('type') === 'duplicate').length).toBeGreaterThanOrEqual(4)
    // every placed annotation is a span; crossing ones (note-cross vs the typo choice) only that
    expect(tags('span').filter((s) => s.parentNode && (s.parentNode as XmlElement).getAttribute('type') === 'annotations').length).toBe(full.annotations.length - 1)
    expect(tags('item').map((i) => i.getAttribute('xml:id'))).toEqual(['ann-orphan-1'])
    expect(tags('respStmt').map((r) => r.getElementsByTagName('name')[0].textContent)).toEqual(['Alice', 'Bob', 'Carol', 'Dana', 'Eve'])
  })

  it('keeps the text: body text equals the projection paragraphs where no reading was replaced', () => {
    const doc = parse(exportTei({ ...full, decisions: [], annotations: full.annotations.filter((a) => a.type !== 'typo' && a.suggestion?.state !== 'accepted') }))
    const ps = Array.from(doc.getElementsByTagName('p')).filter((p) => (p.parentNode as XmlElement).tagName === 'body')
    expect(ps.map((p) => p.textContent).join('\n\n')).toBe(full.projection)
  })

  it('makes markup in user text inert: no injected elements, text preserved', () => {
    const doc = parse(xml.hostile)
    expect(doc.getElementsByTagName('img').length).toBe(0)
    expect(doc.getElementsByTagName('script').length).toBe(0)
    expect(doc.getElementsByTagName('x').length).toBe(0)
    expect(doc.getElementsByTagName('title')[0].textContent).toBe(`T${XSS}`)
    const notes = Array.from(doc.getElementsByTagName('note')) as unknown as XmlElement[]
    expect(notes.some((n) => n.textContent!.endsWith(XSS))).toBe(true)
    // eslint-disable-next-line no-control-regex
    expect(xml.hostile).not.toMatch(/[\u0000-\u0008]/)
    expect(xml.hostile).not.toContain(']]>')
  })
})

describe('exportTei dates', () => {
  it('writes @when only for real dates, with seconds', () => {
    const p = 'abc'
    const out = exportTei({
      title: 't', projection: p, decisions: [], metadata: { date: '2026-02-30' },
      annotations: [annotation(p, 'a', 'note', 0, 1, { comments: [{ id: 'c', author: 'A', created: '2026-11-25T10:00Z', text: 'x' }] })],
    })
    expect(out).toContain('<date when="2026-11-25T10:00:00.000Z">2026-11-25T10:00Z</date> x')
    expect(out).not.toContain('2026-02-30')
  })
})
