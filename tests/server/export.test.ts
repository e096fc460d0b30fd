import { DOMParser } from '@xmldom/xmldom'
import { parse } from 'parse5'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC_MODEL, readAnnotation, readStoredAnchor } from '../../doc'
import { startTestWorkspace, waitForDoc, type TestClient, type TestWorkspace } from '../integration/testWorkspace'
import { hasJing, jingTexts } from '../validators/jing'
import { ANNOTATION_MUSTS, COLLECTION_MUSTS, PAGE_MUSTS, SELECTOR_FEATURES, failedAssertions, jsonLdError } from '../validators/webAnnotationSchemas'

const XSS = '<img src=x onerror=alert(1)> ]]> & done'
const T = '2026-11-25T10:00:00.000Z'

interface WaItem {
  id: string
  body: { purpose?: string; value: string }[]
  target: { selector: ({ type: 'TextQuoteSelector'; exact: string } | { type: 'TextPositionSelector'; start: number; end: number })[] }
}
interface WaCollection {
  total: number
  first: { items: WaItem[] }
}

/** Paragraph XmlTexts and where each starts in the projection. */
function paragraphs(doc: Y.Doc): { text: Y.XmlText; start: number; value: string }[] {
  let offset = 0
  return doc
    .getXmlFragment(DOC_MODEL.fragment)
    .toArray()
    .map((p, i) => {
      const text = (p as Y.XmlElement).get(0) as Y.XmlText
      const value = text ? text.toString() : ''
      if (i > 0) offset += 2
      const entry = { text, start: offset, value }
      offset += value.length
      return entry
    })
}

/**
 * Writes an annotation on the first occurrence of `exact` with plain Yjs calls, as
 * docs/DATA-MODEL.md describes (no Variorum code). Returns its projection range.
 */
function annotate(doc: Y.Doc, id: string, exact: string, fields: { type: string; comment?: string; status?: string; extra?: Record<string, unknown> }) {
  const paragraph = paragraphs(doc).find((p) => p.value.includes(exact))!
  const index = paragraph.value.indexOf(exact)
  const entry = new Y.Map<unknown>()
  doc.transact(() => {
    entry.set('id', id)
    entry.set('type', fields.type)
    entry.set('author', 'Ana')
    entry.set('created', T)
    entry.set('updated', T)
    entry.set('status', fields.status ?? 'open')
    entry.set('orphaned', false)
    entry.set('anchor', {
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(paragraph.text, index, 0)),
      end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(paragraph.text, index + exact.length, -1)),
      quote: { type: 'TextQuoteSelector', exact, prefix: paragraph.value.slice(Math.max(0, index - 32), index), suffix: paragraph.value.slice(index + exact.length, index + exact.length + 32) },
      position: { type: 'TextPositionSelector', start: paragraph.start + index, end: paragraph.start + index + exact.length },
    })
    const comments = new Y.Array<Y.Map<unknown>>()
    if (fields.comment !== undefined) {
      const comment = new Y.Map<unknown>()
      comment.set('id', `${id}-c1`)
      comment.set('author', 'Bo')
      comment.set('created', T)
      comment.set('text', fields.comment)
      comments.push([comment])
    }
    entry.set('comments', comments)
    entry.set('links', new Y.Array())
    for (const [key, value] of Object.entries(fields.extra ?? {})) entry.set(key, value)
    doc.getMap(DOC_MODEL.annotations).set(id, entry)
  })
}

async function exportText(ws: TestWorkspace, id: string, query: string) {
  const response = await fetch(`${ws.workspace.url}/api/documents/${id}/export?${query}`)
  return { response, text: await response.text() }
}

/** Resolves once the server has every update the client sent (a round trip of the sync protocol). */
async function flushed(ws: TestWorkspace, id: string, predicate: (projection: string) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const text = await (await fetch(`${ws.workspace.url}/api/documents/${id}/text`)).text()
    if (predicate(text)) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('server never saw the edit')
}

describe('GET /api/documents/:id/export', () => {
  let ws: TestWorkspace
  let writer: TestClient
  let id: string
  let projection: string
  const exports: Record<string, string> = {}
  let decisionQuotes: string[] = []

  beforeAll(async () => {
    ws = await startTestWorkspace({ documentsDir: 'documents' })
    id = ((await (await fetch(`${ws.workspace.url}/api/documents`)).json()) as { id: string }[])[0].id
    writer = ws.connect(id)
    await writer.synced
    const doc = writer.doc
    annotate(doc, 'typo-1', '自已', { type: 'typo', comment: XSS, extra: { suggestion: { text: '自己', state: 'open', original: '自已' } } })
    annotate(doc, 'note-1', '同事们、朋友们', { type: 'note', comment: 'a resolved note', status: 'resolved' })
    const first = paragraphs(doc)[2].value
    annotate(doc, 'dup-1', first.slice(0, 12), { type: 'duplicate', extra: { cluster: 'k1', keep: true } })
    // A decision as docs/DATA-MODEL.md "Decisions" writes it, with its two variant annotations.
    const [quoteA, quoteB] = [paragraphs(doc)[6].value.slice(0, 10), paragraphs(doc)[7].value.slice(0, 10)]
    annotate(doc, 'd1.a', quoteA, { type: 'variant', extra: { links: Y.Array.from([{ rel: 'variant-pair', target: 'd1.b' }]) } })
    annotate(doc, 'd1.b', quoteB, { type: 'variant' })
    const range = (p: number, quote: string) => ({ type: 'TextPositionSelector', start: paragraphs(doc)[p].start, end: paragraphs(doc)[p].start + 10, quote })
    const decision = new Y.Map<unknown>()
    doc.transact(() => {
      for (const [key, value] of Object.entries({ id: 'd1', a: range(6, quoteA), b: range(7, quoteB), reading: 'b', author: 'Chen', created: T, updated: T, witnesses: { a: 'page 1', b: 'continuation' }, annotations: { a: 'd1.a', b: 'd1.b' } })) decision.set(key, value)
      doc.getMap(DOC_MODEL.decisions).set('d1', decision)
    })
    decisionQuotes = [quoteA, quoteB]
    // An edit before every annotation after they were written: their stored position
    // selectors are now stale, so the export must place them from the relative positions.
    paragraphs(doc)[0].text.insert(0, '【新】')
    projection = ''
    await flushed(ws, id, (text) => text.startsWith('【新】'))
    projection = await (await fetch(`${ws.workspace.url}/api/documents/${id}/text`)).text()
    for (const format of ['tei', 'w3c', 'html', 'md', 'txt']) exports[format] = (await exportText(ws, id, `format=${format}`)).text
  })
  afterAll(async () => {
    await ws.dispose()
  })

  it('answers each format with its media type and an attachment named after the document', async () => {
    const expected: Record<string, [string, string]> = {
      tei: ['application/tei+xml; charset=utf-8', '.tei.xml'],
      w3c: ['application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', '.jsonld'],
      html: ['text/html; charset=utf-8', '.html'],
      md: ['text/markdown; charset=utf-8', '.md'],
      txt: ['text/plain; charset=utf-8', '.txt'],
    }
    for (const [format, [type, ext]] of Object.entries(expected)) {
      const { response } = await exportText(ws, id, `format=${format}`)
      expect(response.status, format).toBe(200)
      expect(response.headers.get('content-type'), format).toBe(type)
      expect(response.headers.get('content-disposition'), format).toBe(`attachment; filename="${id}${ext}"`)
    }
  })

  it('exports the current text with selectors recomputed from the live positions', () => {
    const w3c = JSON.parse(exports.w3c) as WaCollection
    expect(w3c.total).toBe(5)
    const typo = w3c.first.items.find((i) => i.id.endsWith(':typo-1'))!
    const position = typo.target.selector.find((s) => s.type === 'TextPositionSelector') as { start: number; end: number }
    expect(projection.slice(position.start, position.end)).toBe('自已')
    expect(position.start).toBe(projection.indexOf('自已'))
    expect(typo.body.map((b) => [b.purpose, b.value])).toEqual([
      ['tagging', 'typo'],
      ['commenting', XSS],
      ['editing', '自己'],
    ])
    // The open typo fix is applied in the clean text.
    expect(exports.txt).not.toContain('自已')
    expect(exports.txt).toContain('自己')
  })

  it('W3C export passes the W3C test-suite schemas and expands as JSON-LD', async () => {
    const w3c = JSON.parse(exports.w3c) as WaCollection
    expect(failedAssertions(w3c, COLLECTION_MUSTS)).toEqual([])
    expect(failedAssertions(w3c, PAGE_MUSTS)).toEqual([])
    for (const item of w3c.first.items) {
      expect(failedAssertions(item, ANNOTATION_MUSTS), item.id).toEqual([])
      expect(failedAssertions(item, SELECTOR_FEATURES), item.id).toEqual([])
    }
    expect(await jsonLdError(w3c)).toBeNull()
  })

  it.skipIf(!hasJing())('TEI export (all, and annotations only) is valid against tei_all.rng', async () => {
    const only = (await exportText(ws, id, 'format=tei&include=annotations')).text
    const open = (await exportText(ws, id, 'format=tei&status=open&types=typo')).text
    expect(jingTexts({ all: exports.tei, annotationsOnly: only, openTypos: open })).toEqual({ all: [], annotationsOnly: [], openTypos: [] })
    // The decision follows its variant annotations past the edit: B's reading is the lemma, A's the reading.
    const app = /<app\b[\s\S]*?<\/app>/.exec(exports.tei)?.[0] ?? ''
    expect(app).toMatch(new RegExp(`<lem[^>]*>${decisionQuotes[1]}</lem>`))
    expect(app).toMatch(new RegExp(`<rdg[^>]*>${decisionQuotes[0]}</rdg>`))
    expect(only).not.toContain('<app')
    expect(open).toContain('ann-typo-1')
    expect(open).not.toContain('ann-note-1')
  })

  it('keeps hostile comment text inert in HTML and well-formed in TEI', () => {
    const html = exports.html
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; ]]&gt; &amp; done')
    expect(html).not.toMatch(/<img\b/i)
    const tree = JSON.stringify(parse(html), (key, value) => (key === 'parentNode' ? undefined : value))
    expect(tree).not.toContain('"nodeName":"img"')
    const errors: string[] = []
    const tei = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(exports.tei, 'text/xml')
    expect(errors).toEqual([])
    const notes = Array.from(tei.getElementsByTagName('note')).map((n) => n.textContent ?? '')
    expect(notes.filter((n) => n.endsWith(XSS))).toHaveLength(1)
    expect(exports.tei).toContain('&lt;img src=x onerror=alert(1)&gt; ]]&gt; &amp; done')
    // Markdown: backslash-escaped, so CommonMark prints it as text rather than an HTML tag.
    expect(exports.md).toContain('\\<img src=x onerror=alert(1)\\>')
    expect(exports.md).not.toMatch(/(?<!\\)<img/)
  })

  it('filters by include, type and status', async () => {
    const items = async (query: string) => (JSON.parse((await exportText(ws, id, `format=w3c&${query}`)).text) as WaCollection).first.items.map((i) => i.id.split(':').pop())
    expect(await items('include=duplicates')).toEqual(['dup-1'])
    expect((await items('include=annotations')).sort()).toEqual(['d1.a', 'd1.b', 'note-1', 'typo-1'])
    expect(await items('status=resolved')).toEqual(['note-1'])
    expect(await items('types=typo,duplicate&status=open')).toEqual(expect.arrayContaining(['typo-1', 'dup-1']))
  })

  it('refuses an unknown format, include or document with the fixed error ids', async () => {
    const bad = await exportText(ws, id, 'format=pdf')
    expect(bad.response.status).toBe(400)
    expect(JSON.parse(bad.text).error.id).toBe('unknown-export-format')
    const missingFormat = await exportText(ws, id, '')
    expect(JSON.parse(missingFormat.text).error.id).toBe('unknown-export-format')
    const include = await exportText(ws, id, 'format=tei&include=pictures')
    expect([include.response.status, JSON.parse(include.text).error.id]).toEqual([400, 'invalid-request'])
    const missing = await fetch(`${ws.workspace.url}/api/documents/nope/export?format=tei`)
    expect([missing.status, ((await missing.json()) as { error: { id: string } }).error.id]).toEqual([404, 'document-not-found'])
    const post = await fetch(`${ws.workspace.url}/api/documents/${id}/export?format=tei`, { method: 'POST' })
    expect(post.status).toBe(405)
  })

  it('exports a document whose room is not loaded, from storage', async () => {
    writer.destroy()
    await ws.restart()
    const { response, text } = await exportText(ws, id, 'format=w3c')
    expect(response.status).toBe(200)
    expect((JSON.parse(text) as WaCollection).total).toBe(5)
  })
})

describe('POST /api/documents/:id/annotations/import', () => {
  let source: TestWorkspace
  let fresh: TestWorkspace
  let id: string
  let exported: string

  beforeAll(async () => {
    source = await startTestWorkspace({ documentsDir: 'documents', limits: { maxUploadBytes: 200_000 } })
    fresh = await startTestWorkspace({ documentsDir: 'documents', limits: { maxUploadBytes: 200_000 } })
    id = ((await (await fetch(`${source.workspace.url}/api/documents`)).json()) as { id: string }[])[0].id
    const writer = source.connect(id)
    await writer.synced
    annotate(writer.doc, 'typo-1', '自已', { type: 'typo', comment: XSS, extra: { suggestion: { text: '自己', state: 'open', original: '自已' } } })
    annotate(writer.doc, 'note-1', '同事们、朋友们', { type: 'note', comment: 'a note', status: 'resolved' })
    annotate(writer.doc, 'own-1', 'and', { type: 'my-own-type', comment: 'custom type' })
    const first = paragraphs(writer.doc)[2].value.slice(0, 12)
    annotate(writer.doc, 'dup-1', first, { type: 'duplicate', extra: { cluster: 'k1', keep: true } })
    await waitForDoc(writer.doc, () => true)
    for (let i = 0; i < 200 && !(await exportText(source, id, 'format=w3c')).text.includes('dup-1'); i++) await new Promise((r) => setTimeout(r, 10))
    exported = (await exportText(source, id, 'format=w3c')).text
  })
  afterAll(async () => {
    await source.dispose()
    await fresh.dispose()
  })

  const post = (ws: TestWorkspace, body: string, type = 'application/ld+json') =>
    fetch(`${ws.workspace.url}/api/documents/${id}/annotations/import`, { method: 'POST', headers: { 'content-type': type }, body })
  const annotationsOf = (doc: Y.Doc) =>
    Object.fromEntries(
      [...doc.getMap<Y.Map<unknown>>(DOC_MODEL.annotations).entries()].map(([key, entry]) => {
        const { type, status, anchor, comments } = readAnnotation(entry)
        return [key, { type, status, quote: anchor.quote.exact, position: [anchor.position.start, anchor.position.end], comments: comments.map((c) => c.text) }]
      }),
    )

  it('re-anchors a W3C export onto a fresh copy: the same annotations on the same text, seen live by a connected editor', async () => {
    const editor = fresh.connect(id)
    await editor.synced
    expect(editor.doc.getMap(DOC_MODEL.annotations).size).toBe(0)
    const response = await post(fresh, exported)
    expect(response.status).toBe(200)
    const report = (await response.json()) as { imported: number; unanchored: unknown[]; errors: string[] }
    expect(report).toMatchObject({ imported: 4, unanchored: [], errors: [] })
    await waitForDoc(editor.doc, (d) => d.getMap(DOC_MODEL.annotations).size === 4)
    const reader = source.connect(id)
    await reader.synced
    expect(annotationsOf(editor.doc)).toEqual(annotationsOf(reader.doc))
    expect(editor.doc.getMap(DOC_MODEL.annotationTypes).get('my-own-type')).toMatchObject({ name: 'my-own-type' })
    // Exported again, the copy gives the same edition (but for its generation date).
    expect((await exportText(fresh, id, 'format=w3c')).text).toBe(exported)
    // Importing the same file again writes nothing twice.
    const again = (await (await post(fresh, exported)).json()) as { imported: number; errors: string[] }
    expect(again.imported).toBe(0)
    expect(again.errors).toHaveLength(4)
    // The import wrote live relative positions (on the typo's two characters), so the
    // editor's anchor follows edits without a quote search.
    const stored = readStoredAnchor(editor.doc.getMap<Y.Map<unknown>>(DOC_MODEL.annotations).get('typo-1')!) as { start: object; end: object }
    const resolve = (json: object) => Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), editor.doc)
    const [from, to] = [resolve(stored.start)!, resolve(stored.end)!]
    expect(from.type).toBe(to.type)
    expect((from.type as Y.XmlText).toString().slice(from.index, to.index)).toBe('自已')
    paragraphs(editor.doc)[0].text.insert(0, 'ABC')
    await flushed(fresh, id, (text) => text.startsWith('ABC'))
    const projection = await (await fetch(`${fresh.workspace.url}/api/documents/${id}/text`)).text()
    const typo = (JSON.parse((await exportText(fresh, id, 'format=w3c')).text) as WaCollection).first.items.find((i) => i.id.endsWith(':typo-1'))!
    const position = typo.target.selector.find((s) => s.type === 'TextPositionSelector') as { start: number; end: number }
    expect([position.start, projection.slice(position.start, position.end)]).toEqual([projection.indexOf('自已'), '自已'])
    editor.destroy()
  })

  it('writes into storage when no editor is connected, and reports what cannot be anchored', async () => {
    await fresh.restart()
    const body = JSON.stringify([
      { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:a', type: 'Annotation', body: { type: 'TextualBody', value: 'here' }, target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: '同事们、朋友们！' } } },
      { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:b', type: 'Annotation', body: { type: 'TextualBody', value: 'gone' }, target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: 'text that is nowhere in the document' } } },
      42,
    ])
    const report = (await (await post(fresh, body, 'application/json')).json()) as { imported: number; unanchored: { id: string; reason: string; quote: string }[]; errors: string[] }
    expect(report.imported).toBe(1)
    expect(report.unanchored).toEqual([{ id: 'urn:x:b', reason: 'quote not found in the text', quote: 'text that is nowhere in the document' }])
    expect(report.errors).toEqual(['items[2]: not an object'])
    await fresh.restart()
    const reader = fresh.connect(id)
    await reader.synced
    expect(annotationsOf(reader.doc)['urn:x:a']).toMatchObject({ type: 'note', quote: '同事们、朋友们！', comments: ['here'] })
  })

  it('refuses malformed JSON, a non-annotation and an oversized body with nothing changed', async () => {
    const before = (await exportText(fresh, id, 'format=w3c')).text
    const bad = await post(fresh, '{"type": "Annotation", ')
    expect([bad.status, ((await bad.json()) as { error: { id: string } }).error.id]).toEqual([400, 'invalid-json'])
    const notAnnotation = await post(fresh, '"just a string"')
    expect([notAnnotation.status, ((await notAnnotation.json()) as { error: { id: string } }).error.id]).toEqual([400, 'invalid-request'])
    const big = await post(fresh, JSON.stringify({ padding: 'x'.repeat(300_000) }))
    expect(big.status).toBe(413)
    const media = await post(fresh, '<xml/>', 'application/xml')
    expect(media.status).toBe(415)
    const missing = await fetch(`${fresh.workspace.url}/api/documents/nope/annotations/import`, { method: 'POST', body: '[]' })
    expect(missing.status).toBe(404)
    expect((await exportText(fresh, id, 'format=w3c')).text).toBe(before)
  })
})
