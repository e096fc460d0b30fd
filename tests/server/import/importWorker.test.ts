import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { importWebAnnotations } from '../../../core/export/importWebAnnotations'
import { createTestDocument, startTestWorkspace, type TestWorkspace } from '../../integration/testWorkspace'

const PARAGRAPH = 'The quick brown fox jumps over the lazy dog near the riverbank today.'
const TEXT = Array.from({ length: 400 }, (_, i) => `${i} ${PARAGRAPH}`).join('\n\n')

/**
 * `count` Web Annotations whose quotes were edited since (an 'o' became '0'), so each is
 * found again by the fuzzy search, the slow path of importWebAnnotations (~4 ms each here).
 */
function editedQuotes(count: number, text: string): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    const start = 20 + ((i * 97) % (text.length - 60))
    return {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `urn:test:${i}`,
      type: 'Annotation',
      body: { type: 'TextualBody', value: `note ${i}`, purpose: 'commenting' },
      target: {
        source: 'urn:test',
        selector: [
          { type: 'TextQuoteSelector', exact: text.slice(start, start + 20).replace('o', '0'), prefix: text.slice(start - 10, start), suffix: text.slice(start + 20, start + 30) },
          { type: 'TextPositionSelector', start: start + 40, end: start + 60 },
        ],
      },
    }
  })
}

/** POSTs `body`; `sent` resolves once the whole body is handed to the socket, `answered` with the response. */
function post(url: string, body: string) {
  let sent!: () => void
  const flushed = new Promise<void>((resolve) => (sent = resolve))
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/ld+json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(body, () => sent())
  })
  return { flushed, answered }
}

/** Imports parsed in a worker thread, with a cap (issue 14). */
describe('imports off the event loop', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws?.dispose()
  })

  it('answers other requests while a large annotation import is parsed and anchored, and imports what the same call in process would', async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const projection = await (await fetch(`${ws.workspace.url}/api/documents/${id}/text`)).text()
    const items = editedQuotes(400, projection)
    const expected = importWebAnnotations(items, projection)

    const importing = post(`${ws.workspace.url}/api/documents/${id}/annotations/import`, JSON.stringify(items))
    let done = false
    const answer = importing.answered.then((a) => ((done = true), a))
    await importing.flushed
    // Health checks one after another until the import answers: a parse on the event loop
    // would hold them all until it ends (at most one could slip in before it starts).
    let answeredMeanwhile = 0
    while (!done) {
      const health = await fetch(`${ws.workspace.url}/healthz`)
      expect(health.status).toBe(200)
      if (!done) answeredMeanwhile++
    }
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(10)
    const result = await answer
    expect(result.status).toBe(200)
    const report = JSON.parse(result.body) as { imported: number; unanchored: unknown[] }
    expect(report.imported).toBe(expected.annotations.length)
    expect(report.unanchored.length).toBe(expected.unanchored.length)
    expect(report.imported).toBeGreaterThan(350)
  })

  it('refuses an import beyond what a document may hold, writing nothing, and says why', async () => {
    ws = await startTestWorkspace({ limits: { maxImportAnnotations: 10 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const projection = await (await fetch(`${ws.workspace.url}/api/documents/${id}/text`)).text()
    const url = `${ws.workspace.url}/api/documents/${id}/annotations/import`
    const tooMany = await post(url, JSON.stringify(editedQuotes(11, projection))).answered
    expect(tooMany.status).toBe(413)
    const error = (JSON.parse(tooMany.body) as { error: { id: string; message: string } }).error
    expect(error.id).toBe('import-too-large')
    expect(error.message).toBe('the import holds 11 annotations and the document 0; a document takes at most 10 (what the editor can show)')
    const exported = (await (await fetch(`${ws.workspace.url}/api/documents/${id}/export?format=w3c`)).json()) as { total?: number; first?: { items: unknown[] } }
    expect(exported.first?.items ?? []).toEqual([])
    const fits = await post(url, JSON.stringify(editedQuotes(10, projection))).answered
    expect(fits.status).toBe(200)
    const notJson = await post(url, '{ not json').answered
    expect([notJson.status, (JSON.parse(notJson.body) as { error: { id: string } }).error.id]).toEqual([400, 'invalid-json'])
  })
})
