import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SearchResponse, VersionSummary } from '../../core/api'
import { PostgresDocumentStore } from '../../server/persistence/postgres/PostgresDocumentStore'
import { startWorkspace } from '../../server/workspace'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import {
  closeOpenMode,
  createTestDocument,
  paragraphText,
  principalWithRole,
  projectDocument,
  startTestWorkspace,
  waitForDoc,
  type TestWorkspace,
} from './testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\nThird paragraph.\n'

/**
 * The whole workspace on the machine's PostgreSQL (VARIORUM_DATABASE_URL), each
 * test in a database of its own: documents, sync, history, search and access
 * through the same HTTP and y-websocket endpoints as on SQLite.
 */
describe('workspace on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> }
  let ws: TestWorkspace
  let indexed: string[]
  let id: string

  /** What PostgreSQL holds for `documentId`, read through a pool of its own. */
  async function storedProjection(documentId: string): Promise<{ text: string; logLength: number }> {
    const store = await PostgresDocumentStore.open(database.url, { maxConnections: 1 })
    try {
      const doc = new Y.Doc()
      const state = await store.fetch(documentId)
      if (state) Y.applyUpdate(doc, state)
      return { text: projectDocument(doc), logLength: await store.logLength(documentId) }
    } finally {
      await store.close()
    }
  }

  const api = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${ws.workspace.url}${path}`, init)
    const type = response.headers.get('content-type') ?? ''
    return { status: response.status, body: (type.includes('json') ? await response.json() : await response.text()) as T }
  }

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
    indexed = []
    ws = await startTestWorkspace({
      databaseUrl: database.url,
      compactAfterUpdates: 5,
      searchIndex: { debounceMs: 10, onIndexed: (documentId) => indexed.push(documentId) },
    })
    id = await createTestDocument(ws.workspace.url, TEXT, 'On PostgreSQL')
  })
  afterEach(async () => {
    await ws.dispose()
    await database.drop()
  })

  it('converges two stock clients, stores every edit in PostgreSQL before the other sees it, and keeps it all across a restart', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    for (let i = 0; i < 12; i++) {
      paragraphText(a.doc, i % 3).insert(0, `${i} `)
      await waitForDoc(b.doc, (doc) => projectDocument(doc).includes(`${i} `))
      // b has it, so PostgreSQL had it first.
      expect((await storedProjection(id)).text).toContain(`${i} `)
    }
    paragraphText(b.doc, 2).insert(0, 'b says: ')
    await waitForDoc(a.doc, (doc) => projectDocument(doc).includes('b says'))
    const expected = projectDocument(a.doc)
    const stored = await storedProjection(id)
    expect(stored.text).toBe(expected)
    // Compaction after every 5 updates folded the log (beside the commits: a fold may still be finishing).
    await expect.poll(async () => (await storedProjection(id)).logLength).toBeLessThan(5)
    expect(ws.workspace.compactions()).toBeGreaterThan(0)
    a.destroy()
    b.destroy()
    await ws.restart()
    const c = ws.connect(id)
    await c.synced
    expect(projectDocument(c.doc)).toBe(expected)
    expect((await api<string>(`/api/documents/${id}/text`)).body).toBe(expected)
  })

  it('keeps versions in PostgreSQL: named, listed and read back', async () => {
    const a = ws.connect(id)
    await a.synced
    paragraphText(a.doc, 0).insert(0, 'Edited. ')
    await expect.poll(async () => (await storedProjection(id)).text).toContain('Edited. ')
    const named = await api<VersionSummary>(`/api/documents/${id}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'on postgres' }),
    })
    expect(named.status).toBe(201)
    expect(named.body.name).toBe('on postgres')
    const versions = await api<VersionSummary[]>(`/api/documents/${id}/versions`)
    expect(versions.body.map((v) => v.name ?? null)).toEqual(['on postgres', null])
    expect((await api<string>(`/api/documents/${id}/versions/${named.body.id}/text`)).body).toBe(
      'Edited. First paragraph.\n\nSecond paragraph.\n\nThird paragraph.',
    )
    expect((await api<string>(`/api/documents/${id}/versions/${versions.body[1].id}/text`)).body).toBe(
      'First paragraph.\n\nSecond paragraph.\n\nThird paragraph.',
    )
  })

  it('finds text a client typed through the search API', async () => {
    const a = ws.connect(id)
    await a.synced
    paragraphText(a.doc, 1).insert(0, 'Zanzibar ')
    await expect.poll(() => indexed.filter((d) => d === id).length).toBeGreaterThan(0)
    await expect
      .poll(async () => (await api<SearchResponse>(`/api/search?q=${encodeURIComponent('zanzibar')}`)).body.hits.map((h) => [h.documentId, h.start]))
      .toEqual([[id, 18]])
  })

  it('keeps accounts, tokens and authorship in PostgreSQL: a token writes as itself, and its name is the version\'s author', async () => {
    await closeOpenMode(ws)
    const editor = await principalWithRole(ws, 'editor', id, 'pg-editor')
    const client = ws.connect(id, { token: editor.token })
    await client.synced
    paragraphText(client.doc, 0).insert(0, 'By token. ')
    await expect.poll(async () => (await storedProjection(id)).text).toContain('By token. ')
    const named = await ws.workspace.access.signIn('admin', 'admin password 1')
    expect(named.ok).toBe(true)
    const cookie = named.ok ? `variorum_session=${named.sessionId}` : ''
    const version = await api<VersionSummary>(`/api/documents/${id}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: ws.workspace.url },
      body: JSON.stringify({ name: 'by token' }),
    })
    expect(version.status).toBe(201)
    expect(version.body.authors).toEqual([{ id: editor.id, name: 'pg-editor' }])
  })

  it('lets a second instance serve the same database (no data-folder lock): a client there gets what the first stored', async () => {
    const a = ws.connect(id)
    await a.synced
    paragraphText(a.doc, 0).insert(0, 'Stored through the first. ')
    await expect.poll(async () => (await storedProjection(id)).text).toContain('Stored through the first. ')
    const second = await startWorkspace({ port: 0, dataDir: ws.dataDir, databaseUrl: database.url, clientDir: ws.dataDir })
    try {
      const documents = (await (await fetch(`${second.url}/api/documents`)).json()) as { id: string }[]
      expect(documents.map((d) => d.id)).toContain(id)
      const text = await (await fetch(`${second.url}/api/documents/${id}/text`)).text()
      expect(text).toBe(projectDocument(a.doc))
    } finally {
      await second.close()
    }
  })
})
