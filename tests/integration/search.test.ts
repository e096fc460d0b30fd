import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { addComment, createAnnotation } from '../../doc'
import type { SearchResponse } from '../../core/api'
import { DATABASE_FILE } from '../../server/persistence/openDatabase'
import { createTestDocument, paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from './testWorkspace'

/** How long the index may take to catch up on a loaded machine (the debounce is 50 ms here). */
const CATCH_UP_MS = 10_000

async function search(base: string, params: Record<string, string>): Promise<SearchResponse> {
  const response = await fetch(`${base}/api/search?${new URLSearchParams(params)}`)
  expect(response.status).toBe(200)
  return (await response.json()) as SearchResponse
}

/** Polls the search API until `accept` holds, failing after CATCH_UP_MS. */
async function searchUntil(base: string, params: Record<string, string>, accept: (r: SearchResponse) => boolean): Promise<SearchResponse> {
  const deadline = Date.now() + CATCH_UP_MS
  for (;;) {
    const result = await search(base, params)
    if (accept(result)) return result
    if (Date.now() > deadline) throw new Error(`search ${JSON.stringify(params)} never matched: ${JSON.stringify(result).slice(0, 300)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('workspace search over a running server', () => {
  let test: TestWorkspace | null = null
  afterEach(async () => {
    await test?.dispose()
    test = null
  })

  it('finds text typed through a stock WebsocketProvider, and a new comment, once the index catches up', async () => {
    test = await startTestWorkspace({ searchIndex: { debounceMs: 50 } })
    const base = test.workspace.url
    const id = await createTestDocument(base, '中国—中亚峰会在阿斯塔纳举行。\n第二段讲的是贸易。', 'Summit')
    await searchUntil(base, { q: '阿斯塔纳' }, (r) => r.hits.length === 1)

    const client = test.connect(id)
    await client.synced
    paragraphText(client.doc, 1).insert(0, 'Zebrafish 斑马鱼 ')
    const found = await searchUntil(base, { q: 'zebrafish 斑马' }, (r) => r.hits.length === 1)
    // Paragraph 1 starts after "中国—中亚峰会在阿斯塔纳举行。" (15 units) and "\n\n".
    expect(found.hits[0]).toMatchObject({ documentId: id, documentTitle: 'Summit', kind: 'text', start: 17, end: 29, snippet: { match: 'Zebrafish 斑马' } })

    const annotationId = createAnnotation(client.doc, { type: 'note', author: 'Ana', start: 17, end: 26 })
    addComment(client.doc, annotationId, 'Bo', 'Latin name: Danio rerio')
    const comment = await searchUntil(base, { q: 'danio', kind: 'comment' }, (r) => r.hits.length === 1)
    expect(comment.hits[0]).toMatchObject({ kind: 'comment', annotationId, author: 'Bo', type: 'note', status: 'open', start: 17, end: 26 })
    const quote = await search(base, { q: 'zebrafish', kind: 'quote' })
    expect(quote.hits.map((h) => [h.annotationId, h.author, h.start, h.end])).toEqual([[annotationId, 'Ana', 17, 26]])
  })

  it('re-indexes on start a document changed before a restart', async () => {
    // A debounce longer than the test: the change is only marked stale before the restart.
    test = await startTestWorkspace({ searchIndex: { debounceMs: 60_000, maxDelayMs: 60_000 } })
    const id = await createTestDocument(test.workspace.url, 'First paragraph.\nSecond paragraph.', 'Restart')
    const client = test.connect(id)
    await client.synced
    const watcher = test.connect(id)
    await watcher.synced
    paragraphText(client.doc, 0).insert(0, 'Quokka ')
    // The server broadcasts an update only once it is stored (and its document marked stale).
    await waitForDoc(watcher.doc, (doc) => projectDocument(doc).startsWith('Quokka'))
    const before = await search(test.workspace.url, { q: 'quokka' })
    expect(before.hits).toEqual([])
    await test.restart()
    const after = await searchUntil(test.workspace.url, { q: 'quokka' }, (r) => r.hits.length === 1)
    expect(after.hits[0]).toMatchObject({ documentId: id, start: 0, end: 6 })
  })

  it('returns only documents the requester may read', async () => {
    const readable = new Set<string>()
    test = await startTestWorkspace({ searchIndex: { debounceMs: 10 }, readableFor: () => readable })
    const base = test.workspace.url
    const open = await createTestDocument(base, 'Open\nThe harbour master signed.', 'Open')
    const closed = await createTestDocument(base, 'Closed\nThe harbour master refused.', 'Closed')
    readable.add(open).add(closed)
    // Both indexed and readable first, so that what follows is the filter at work.
    const both = await searchUntil(base, { q: 'harbour master' }, (r) => r.hits.length === 2)
    expect(both.hits.map((h) => h.documentId).sort()).toEqual([closed, open].sort())
    readable.delete(closed)
    expect((await search(base, { q: 'harbour master' })).hits.map((h) => h.documentId)).toEqual([open])
    readable.delete(open)
    readable.add(closed)
    expect((await search(base, { q: 'harbour master' })).hits.map((h) => h.documentId)).toEqual([closed])
    const hidden = await fetch(`${base}/api/search?q=harbour&document=${encodeURIComponent(open)}`)
    expect(hidden.status).toBe(404)
  })

  it('stores and relays edits while re-indexing fails, logs the failure, and rebuilds the index on start', async () => {
    const logged: string[] = []
    let failures: () => void = () => {}
    const failed = new Promise<void>((resolve) => (failures = resolve))
    test = await startTestWorkspace({
      searchIndex: { debounceMs: 10 },
      log: (line) => {
        logged.push(line)
        if (line.startsWith('search: could not re-index')) failures()
      },
    })
    const id = await createTestDocument(test.workspace.url, 'Title\nBody text.', 'Broken index')
    // Break the index from outside, as a damaged file would: every re-index now throws.
    const other = new Database(join(test.dataDir, DATABASE_FILE))
    other.exec('DROP TABLE search_fts')
    other.close()
    const writer = test.connect(id)
    const reader = test.connect(id)
    await Promise.all([writer.synced, reader.synced])
    paragraphText(writer.doc, 1).insert(0, 'Still stored. ')
    await waitForDoc(reader.doc, (doc) => projectDocument(doc).includes('Still stored.'))
    await failed
    expect(logged.find((line) => line.startsWith('search: could not re-index'))).toMatch(new RegExp(`^search: could not re-index ${id}: .*search_fts`))
    await test.restart()
    const text = await (await fetch(`${test.workspace.url}/api/documents/${encodeURIComponent(id)}/text`)).text()
    expect(text).toBe('Title\n\nStill stored. Body text.')
    expect(logged).toContainEqual(expect.stringMatching(/^search: the index is damaged \(.*search_fts.*\); rebuilding it$/))
    const found = await searchUntil(test.workspace.url, { q: 'still stored' }, (r) => r.hits.length === 1)
    expect(found.hits[0]).toMatchObject({ documentId: id, start: 7, end: 19 })
  })

  it('answers bad parameters with fixed error ids', async () => {
    test = await startTestWorkspace()
    const base = test.workspace.url
    const bad = await fetch(`${base}/api/search?q=`)
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: { id: 'invalid-request', message: 'q: give the text to search for' } })
    const missing = await fetch(`${base}/api/search?q=abc&document=nope`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { id: string } }).error.id).toBe('document-not-found')
    expect((await fetch(`${base}/api/search?q=abc`, { method: 'POST' })).status).toBe(405)
  })
})
