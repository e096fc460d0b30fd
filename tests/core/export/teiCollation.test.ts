import type { Element as XmlElement } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { collateWitnesses } from '../../../core/align'
import { exportTei, type EditionCollation, type EditionInput } from '../../../core/export'
import { jingTexts } from '../../validators/jing'
import { sampleInput } from './fixtures'
import { allElements, expectPointersResolve, parseXml } from './teiXml'

const full = sampleInput()
const { projection } = full
/** The three paragraphs that print point five: page 1, the continuation, the speech's closing. */
const fives = (() => {
  const out: Array<{ start: number; end: number }> = []
  for (let at = projection.indexOf('五要维护公正合理'); at >= 0; at = projection.indexOf('五要维护公正合理', at + 1)) {
    const end = projection.indexOf('\n\n', at)
    out.push({ start: at, end: end < 0 ? projection.length : end })
  }
  return out
})()
const texts = fives.map((r) => projection.slice(r.start, r.end))
const collation: EditionCollation = {
  witnesses: [
    { siglum: 'A', description: 'page 1', range: fives[0] },
    { siglum: 'B', description: 'continuation', range: fives[1] },
    { siglum: 'C', description: 'speech closing', range: fives[2] },
  ],
  table: collateWitnesses(texts),
}
const bare: EditionInput = { title: 'Point five', projection, annotations: [], decisions: [], metadata: {} }
const inputs: Record<string, EditionInput> = {
  sample: { ...full, collations: [collation] },
  onlyCollation: { ...bare, collations: [collation] },
  separateDocuments: {
    ...bare,
    projection: 'The bridge opened in May. Crowds gathered on both banks.',
    collations: [{
      witnesses: [
        { siglum: 'A', description: 'first print', range: { start: 0, end: 56 } },
        { siglum: 'B', description: 'second print', text: 'Crowds gathered on both banks. The bridge opened in May.' },
        { siglum: '1st', description: 'a siglum that is no NCName', text: 'The bridge opened in June. Crowds gathered on both banks.' },
      ],
    }],
  },
}
const xml = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, exportTei(v)]))

const parse = parseXml
const tags = (doc: ReturnType<typeof parse>, name: string) => allElements(doc, name)

describe('exportTei with collations', () => {
  it('is valid against tei_all.rng and every pointer resolves', () => {
    const result = jingTexts(xml)
    for (const name of Object.keys(xml)) expect(result[name], name).toEqual([])
    for (const [name, text] of Object.entries(xml)) expectPointersResolve(name, text)
  })

  it('lists every witness with its siglum and description, beside the decision witnesses', () => {
    const witnesses = tags(parse(xml.sample), 'witness').map((w) => [w.getAttribute('xml:id'), w.getAttribute('n'), w.textContent])
    expect(witnesses).toEqual([
      ['wit-1', null, 'continuation'], ['wit-2', null, 'page 1'], ['wit-3', null, 'page 3'],
      ['A', 'A', 'page 1'], ['B', 'B', 'continuation'], ['C', 'C', 'speech closing'],
    ])
    expect(tags(parse(xml.separateDocuments), 'witness').map((w) => [w.getAttribute('xml:id'), w.getAttribute('n')])).toEqual([['A', 'A'], ['B', 'B'], ['_1st', '1st']])
  })

  it('writes the parallel-segmentation apparatus: lem for the base reading, witnesses that agree in one rdg', () => {
    const doc = parse(xml.onlyCollation)
    const [div] = tags(doc, 'div').filter((d) => d.getAttribute('type') === 'collation')
    const apps = tags(doc, 'app').map((app) => Array.from(app.childNodes as unknown as XmlElement[]).map((r) => [r.tagName, r.getAttribute('wit'), r.textContent]))
    expect(apps[0]).toEqual([
      ['lem', '#A #C', '中方支持中亚国家在国际事务中发挥更大作用，愿同各方携手捍卫国际公平正义，'],
      ['rdg', '#B', '我们要携手捍卫国际公平正义，'],
    ])
    expect(apps[1][0]).toEqual(['rdg', '#A #C', ''])
    expect(apps[1][1][2]).toMatch(/^今年是中国人民抗日战争/)
    expect(apps).toHaveLength(2)
    // the text read through the base witness: plain where all agree, the lem where they differ
    const ab = tags(doc, 'ab')[0]
    const base = Array.from(ab.childNodes as unknown as XmlElement[]).map((n) => (n.tagName === 'app' ? (tags(n as never, 'lem')[0]?.textContent ?? '') : n.textContent)).join('')
    expect(base).toBe(texts[0])
    expect(div.getElementsByTagName('head')[0].textContent).toBe('Collation of A, B, C')
    expect(tags(doc, 'variantEncoding')[0].getAttribute('method')).toBe('parallel-segmentation')
  })

  it('links the two places of a transposition', () => {
    const doc = parse(xml.separateDocuments)
    // both sentences changed place; each moved block is its own apparatus entry at each place (#17)
    const links = tags(doc, 'link')
    expect(links.map((link) => link.getAttribute('type'))).toEqual(['transposition', 'transposition'])
    const targets = links.map((link) => link.getAttribute('target')!.split(' ').map((t) => tags(doc, 'app').find((a) => a.getAttribute('xml:id') === t.slice(1))!.textContent))
    expect(targets.find((texts) => texts.some((t) => t!.includes('Crowds gathered on both banks')))).toEqual([
      expect.stringContaining('Crowds gathered on both banks'), expect.stringContaining('Crowds gathered on both banks'),
    ])
    expect(targets.find((texts) => texts.some((t) => t!.includes('The bridge opened in')))).toEqual([
      expect.stringContaining('The bridge opened in'), expect.stringContaining('The bridge opened in'),
    ])
  })

  it('collates again when the table no longer fits the witnesses, and leaves out a collation without text', () => {
    const stale = { ...collation, table: collateWitnesses(['甲', '乙', '丙']) }
    expect(exportTei({ ...bare, collations: [stale] })).toBe(xml.onlyCollation)
    const broken: EditionCollation = { witnesses: [{ siglum: 'A', description: 'x', range: { start: 0, end: projection.length + 1 } }, { siglum: 'B', description: 'y', text: 'z' }] }
    expect(exportTei({ ...bare, collations: [broken] })).toBe(exportTei(bare))
  })
})
