/**
 * Golden exports through the whole server path (Y.Doc → edition input → every
 * format), recorded before the document model moved into doc/ (issue #13) and kept
 * so that any later restructuring proves the editions unchanged byte for byte.
 *
 * Two documents: the sample with the exporter fixtures' annotations and decisions
 * written into its Y.Doc and then edited (so ranges come from the relative
 * positions, not from the stored selectors), and a generated 200 KB document with
 * 5,000 annotations. The sample's editions are kept whole (readable diffs; named .golden so no tool takes them for sources); the
 * large ones as SHA-256 digests. `UPDATE_GOLDEN=1` rewrites them; only do that for a
 * deliberate change of the export format, and say so in the commit.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { BUILT_IN_TYPES, createAnchor, type Annotation } from '../../core/annotations'
import { EXPORT_FORMATS, exportEdition } from '../../core/export'
import { DOC_MODEL } from '../../doc'
import { PARAGRAPH_SEPARATOR } from '../../core/text/projection'
import { seedDocument } from '../../doc/text/seedDocument'
import { readEdition, FULL_SELECTION } from '../../doc'
import { writeAnnotations } from '../../doc/annotations/writeAnnotations'
import { recordDecision } from '../../doc'
import { seededRandom } from '../../bench/seededRandom'
import { sampleInput } from '../core/export/fixtures'

const GOLDEN_DIR = 'tests/golden/editions'
const UPDATE = process.env.UPDATE_GOLDEN === '1'
const NOW = new Date('2026-12-01T09:00:00.000Z')
const SUMMARY = { id: 'golden', title: 'Golden 金标准 <&>', createdAt: '2026-11-30T08:00:00.000Z', sourceHash: 'x', characters: 0 }

function docFromProjection(projection: string): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, seedDocument(projection.split(PARAGRAPH_SEPARATOR), { title: SUMMARY.title, sourceHash: 'x', createdAt: SUMMARY.createdAt }))
  return doc
}

function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  return (doc.getXmlFragment(DOC_MODEL.fragment).get(index) as Y.XmlElement).get(0) as Y.XmlText
}

/** Edits after the annotations were written: an insertion, a deletion, a new paragraph. */
function edit(doc: Y.Doc): void {
  doc.transact(() => {
    paragraphText(doc, 3).insert(0, '【插入】')
    const ten = paragraphText(doc, 10)
    ten.delete(2, Math.min(5, ten.length - 2))
    const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
    paragraph.insert(0, [new Y.XmlText('A paragraph added later & <kept>.')])
    doc.getXmlFragment(DOC_MODEL.fragment).insert(6, [paragraph])
  })
}

function sampleDoc(): Y.Doc {
  const input = sampleInput()
  const doc = docFromProjection(input.projection)
  doc.transact(() => {
    writeAnnotations(doc, input.annotations)
    doc.getMap(DOC_MODEL.annotationTypes).set('person', { name: 'person', color: '#123456', label: 'Person' })
  })
  for (const d of input.decisions) {
    recordDecision(doc, { id: d.id, a: d.a, b: d.b, reading: d.reading, text: d.text, note: d.note, author: d.author, witnesses: d.witnesses }, NOW)
  }
  edit(doc)
  return doc
}

function largeDoc(): Y.Doc {
  let projection = sampleInput().projection
  const one = projection
  while (Buffer.byteLength(projection) < 200_000) projection += `${PARAGRAPH_SEPARATOR}${one}`
  const random = seededRandom(42)
  const annotations: Annotation[] = []
  const t = '2026-11-25T10:00:00.000Z'
  for (let i = 0; i < 5000; i++) {
    const start = Math.floor(random() * (projection.length - 60))
    const end = start + 2 + Math.floor(random() * 40)
    annotations.push({
      id: `a${i}`, type: BUILT_IN_TYPES[i % BUILT_IN_TYPES.length], author: `editor${i % 7}`, created: t, updated: t, status: i % 5 === 0 ? 'resolved' : 'open',
      comments: i % 3 === 0 ? [{ id: `c${i}`, author: 'x', created: t, text: `comment ${i} <b>&</b>` }] : [],
      links: i % 11 === 0 && i > 0 ? [{ rel: 'duplicate-cluster', target: `a${i - 11}` }] : [],
      anchor: createAnchor(projection, start, end),
      ...(i % 9 === 0 ? { suggestion: { text: 'fix' } } : {}),
      ...(i % 9 === 1 ? { cluster: `c${i % 50}`, keep: i % 2 === 0 } : {}),
    })
  }
  const doc = docFromProjection(projection)
  doc.transact(() => writeAnnotations(doc, annotations))
  edit(doc)
  return doc
}

const EXTENSION = { tei: 'xml', w3c: 'jsonld', html: 'html', md: 'md', txt: 'txt' } as const

function editions(doc: Y.Doc): Record<string, string> {
  const out: Record<string, string> = {}
  for (const format of EXPORT_FORMATS) {
    out[format] = exportEdition(format, readEdition(doc, SUMMARY, FULL_SELECTION, NOW))
    const selection = { ...FULL_SELECTION, duplicates: false, status: 'open' as const, types: ['note', 'typo', 'suggestion', 'variant', 'person'] }
    out[`${format}-selected`] = exportEdition(format, readEdition(doc, SUMMARY, selection, NOW))
  }
  return out
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('export golden', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
    mkdirSync(GOLDEN_DIR, { recursive: true })
  })
  afterAll(() => vi.useRealTimers())

  it('writes the sample editions byte for byte as recorded', () => {
    const out = editions(sampleDoc())
    for (const [name, text] of Object.entries(out)) {
      const format = name.replace('-selected', '') as keyof typeof EXTENSION
      const path = `${GOLDEN_DIR}/sample-${name}.${EXTENSION[format]}.golden`
      if (UPDATE || !existsSync(path)) writeFileSync(path, text)
      expect(text, path).toBe(readFileSync(path, 'utf8'))
    }
  })

  it('writes the 200 KB, 5,000-annotation editions byte for byte as recorded', () => {
    const out = editions(largeDoc())
    const digests = Object.fromEntries(Object.entries(out).map(([name, text]) => [name, `${sha256(text)} ${text.length}`]))
    const path = `${GOLDEN_DIR}/large.sha256.json`
    if (UPDATE || !existsSync(path)) writeFileSync(path, `${JSON.stringify(digests, null, 2)}\n`)
    expect(digests).toEqual(JSON.parse(readFileSync(path, 'utf8')))
  })
})
