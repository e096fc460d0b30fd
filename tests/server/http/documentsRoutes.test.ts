import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { paragraphText, startTestWorkspace, waitForDoc, type TestWorkspace } from '../../integration/testWorkspace'

const SAMPLE = 'documents/china-central-asia-summit-2025-06-17.txt'

interface Summary {
  id: string
  title: string
  createdAt: string
  sourceHash: string
  characters: number
}

async function post(base: string, body: BodyInit, contentType: string, query = '') {
  const response = await fetch(`${base}/api/documents${query}`, { method: 'POST', headers: { 'content-type': contentType }, body })
  return { status: response.status, body: (await response.json()) as Summary & { error: { id: string; message: string } } }
}

describe('documents API', () => {
  let ws: TestWorkspace
  let documentsDir: string

  beforeEach(async () => {
    documentsDir = mkdtempSync(join(tmpdir(), 'variorum-docs-'))
    writeFileSync(join(documentsDir, 'Two Lines.txt'), '\uFEFF# Heading line\r\n\r\nsecond line\r\n')
    writeFileSync(join(documentsDir, 'notes.md'), '  \n\nThe notes\n')
    writeFileSync(join(documentsDir, 'ignored.json'), '{}')
    writeFileSync(join(documentsDir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]))
    ws = await startTestWorkspace({ documentsDir, limits: { maxUploadBytes: 1000 } })
  })
  afterEach(async () => {
    await ws.dispose()
    rmSync(documentsDir, { recursive: true, force: true })
  })

  const list = async (): Promise<Summary[]> => (await (await fetch(`${ws.workspace.url}/api/documents`)).json()) as Summary[]

  it('loads every .txt and .md file of the documents directory, skipping files of uncertain encoding', async () => {
    const documents = await list()
    // In creation order: files are loaded sorted by name (code point order, so 'T' < 'n').
    expect(documents.map((d) => [d.id, d.title, d.characters])).toEqual([
      ['two-lines', 'Heading line', 27],
      ['notes', 'The notes', 9],
    ])
    expect(documents[0].sourceHash).toMatch(/^[0-9a-f]{64}$/)
    expect(Number.isNaN(Date.parse(documents[0].createdAt))).toBe(false)
  })

  it('serves one document, its projection, and 404 document-not-found for an unknown id', async () => {
    const one = await fetch(`${ws.workspace.url}/api/documents/two-lines`)
    expect(((await one.json()) as Summary).title).toBe('Heading line')
    const text = await fetch(`${ws.workspace.url}/api/documents/two-lines/text`)
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await text.text()).toBe('# Heading line\n\nsecond line')
    const missing = await fetch(`${ws.workspace.url}/api/documents/nope/text`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { id: string } }).error.id).toBe('document-not-found')
  })

  it('answers an opening request elsewhere than the start 204 while the document was never loaded, and refuses bad limits', async () => {
    const opening = (query: string) => fetch(`${ws.workspace.url}/api/documents/two-lines/opening${query}`)
    // The start is kept beside the snapshot (tests/integration/storedOpening.test.ts).
    expect((await opening('')).status).toBe(200)
    expect((await opening('?at=3')).status).toBe(204)
    for (const bad of ['?at=-1', '?at=x', '?paragraphs=0', '?paragraphs=201', '?paragraphs=1.5']) {
      const response = await opening(bad)
      expect([bad, response.status, ((await response.json()) as { error: { id: string } }).error.id]).toEqual([bad, 400, 'invalid-request'])
    }
    const missing = await fetch(`${ws.workspace.url}/api/documents/nope/opening`)
    expect([missing.status, ((await missing.json()) as { error: { id: string } }).error.id]).toEqual([404, 'document-not-found'])
  })

  it('does not duplicate or reset documents when the server restarts', async () => {
    const client = ws.connect('notes')
    await client.synced
    paragraphText(client.doc, 0).insert(0, 'Edited: ')
    // The server has stored it once a second client sees it.
    const witness = ws.connect('notes')
    await witness.synced
    await waitForDoc(witness.doc, (doc) => paragraphText(doc, 0).toString().startsWith('Edited'))
    client.destroy()
    witness.destroy()
    const before = await list()
    await ws.restart()
    const after = await list()
    expect(after.map((d) => [d.id, d.sourceHash, d.createdAt])).toEqual(before.map((d) => [d.id, d.sourceHash, d.createdAt]))
    expect(await (await fetch(`${ws.workspace.url}/api/documents/notes/text`)).text()).toBe('Edited: The notes')
  })

  it('creates a document from JSON with 201, and answers the same content with 200 and the same document', async () => {
    const created = await post(ws.workspace.url, JSON.stringify({ title: 'Fresh', text: 'one\n\ntwo\n' }), 'application/json')
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: 'fresh', title: 'Fresh', characters: 8 })
    const again = await post(ws.workspace.url, 'one\r\ntwo', 'text/plain', '?title=Other')
    expect(again.status).toBe(200)
    expect(again.body).toEqual(created.body)
    expect((await list()).length).toBe(3)
  })

  it('creates a document from a raw text body, titled by ?title= or its first line', async () => {
    const titled = await post(ws.workspace.url, '\uFEFF第一段\n第二段', 'text/plain; charset=utf-8', `?title=${encodeURIComponent('中文标题')}`)
    expect(titled.status).toBe(201)
    expect(titled.body.title).toBe('中文标题')
    expect(titled.body.id).toMatch(/^doc-[0-9a-f]{10}$/)
    const untitled = await post(ws.workspace.url, 'Some English text\nmore', 'text/plain')
    expect(untitled.body).toMatchObject({ id: 'some-english-text', title: 'Some English text' })
    expect(await (await fetch(`${ws.workspace.url}/api/documents/${titled.body.id}/text`)).text()).toBe('第一段\n\n第二段')
  })

  it('refuses bad uploads with fixed error ids and stores nothing', async () => {
    const base = ws.workspace.url
    const before = await list()
    const cases: [BodyInit, string, number, string, string?][] = [
      [Buffer.from([0x61, 0xc3, 0x28, 0x62]), 'text/plain', 400, 'invalid-encoding', '?encoding=UTF-8'],
      [Buffer.from([0x61, 0xc3, 0x28, 0x62]), 'text/plain', 422, 'encoding-uncertain'],
      ['x'.repeat(1001), 'text/plain', 413, 'upload-too-large'],
      ['', 'text/plain', 400, 'empty-document'],
      [' \n\t\n  ', 'text/plain', 400, 'empty-document'],
      ['a\0b', 'text/plain', 400, 'binary-content'],
      ['{"text": ', 'application/json', 400, 'invalid-json'],
      ['{"title": "no text"}', 'application/json', 400, 'invalid-request'],
      ['<a/>', 'image/png', 415, 'unsupported-media-type'],
    ]
    for (const [body, type, status, id, query] of cases) {
      const response = await post(base, body, type, query)
      expect([response.status, response.body.error.id]).toEqual([status, id])
      expect(typeof response.body.error.message).toBe('string')
    }
    expect(await list()).toEqual(before)
  })

  it('answers unknown API routes and methods with JSON errors', async () => {
    const unknown = await fetch(`${ws.workspace.url}/api/nothing`)
    expect([unknown.status, ((await unknown.json()) as { error: { id: string } }).error.id]).toEqual([404, 'route-not-found'])
    // DELETE moves a document to the trash now (documentManagementRoutes); PUT is still no method of a document.
    const wrong = await fetch(`${ws.workspace.url}/api/documents/notes`, { method: 'PUT' })
    expect([wrong.status, ((await wrong.json()) as { error: { id: string } }).error.id]).toEqual([405, 'method-not-allowed'])
  })

  it('loads the sample document with one paragraph per non-blank line', async () => {
    const sample = await startTestWorkspace({ documentsDir: 'documents' })
    try {
      const [document] = (await (await fetch(`${sample.workspace.url}/api/documents`)).json()) as Summary[]
      expect(document.id).toBe('china-central-asia-summit-2025-06-17')
      const text = await (await fetch(`${sample.workspace.url}/api/documents/${document.id}/text`)).text()
      const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter((line) => line.trim() !== '')
      expect(text).toBe(lines.join('\n\n'))
      expect(document.characters).toBe(text.length)
    } finally {
      await sample.dispose()
    }
  })
})

describe('static client and health', () => {
  let ws: TestWorkspace
  let clientDir: string

  afterEach(async () => {
    await ws.dispose()
    rmSync(clientDir, { recursive: true, force: true })
  })

  it('serves client files, falls back to index.html for client routes, and 404s missing assets', async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'variorum-client-'))
    mkdirSync(join(clientDir, 'assets'))
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>V</title>')
    writeFileSync(join(clientDir, 'assets', 'app-1234.js'), 'console.log(1)')
    ws = await startTestWorkspace({ clientDir })
    const base = ws.workspace.url
    const asset = await fetch(`${base}/assets/app-1234.js`)
    expect([asset.status, asset.headers.get('content-type'), await asset.text()]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'console.log(1)',
    ])
    const route = await fetch(`${base}/documents/some-id`)
    expect([route.status, await route.text()]).toEqual([200, '<!doctype html><title>V</title>'])
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404)
    expect((await fetch(`${base}/..%2f..%2fetc/passwd`)).status).toBe(200) // the SPA page, never the file
    const health = await fetch(`${base}/healthz`)
    expect([health.status, await health.json()]).toEqual([200, { ok: true }])
  })

  it('reports client-not-built when there is no index.html', async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'variorum-client-'))
    ws = await startTestWorkspace({ clientDir })
    const response = await fetch(`${ws.workspace.url}/`)
    expect([response.status, ((await response.json()) as { error: { id: string } }).error.id]).toEqual([503, 'client-not-built'])
  })
})
