import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { DOC_MODEL } from '../../doc'
import type { DocumentRole } from '../../doc/access/roles'
import { projectDocument } from '../../doc'
import { DATABASE_FILE } from '../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../server/persistence/SqlitePersistence'
import { startWorkspace, type RunningWorkspace, type WorkspaceOptions } from '../../server/workspace'

/**
 * Test helpers shared by the integration tests: a workspace on port 0 over a
 * temporary data directory, stock y-websocket clients, and waits that resolve
 * on events (never on timers).
 */
export interface TestWorkspace {
  dataDir: string
  workspace: RunningWorkspace
  /** ws://127.0.0.1:PORT/sync */
  syncUrl: string
  /** Closes and starts the workspace again over the same data directory; `whileDown` runs in between (the storage then has no server). */
  restart(whileDown?: () => Promise<void>): Promise<void>
  /** Closes every client made with `connect`, the workspace, and removes the data directory. */
  dispose(): Promise<void>
  connect(documentId: string, params?: Record<string, string>): TestClient
}

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves when the provider has synced with the server. */
  synced: Promise<void>
  destroy(): void
}

export async function startTestWorkspace(options: Partial<WorkspaceOptions> = {}): Promise<TestWorkspace> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'variorum-test-'))
  const clients = new Set<TestClient>()
  const start = () => startWorkspace({ port: 0, clientDir: join(dataDir, 'no-client'), ...options, dataDir })
  let workspace = await start()
  const result: TestWorkspace = {
    dataDir,
    workspace,
    get syncUrl() {
      return `${result.workspace.url.replace('http', 'ws')}/sync`
    },
    async restart(whileDown) {
      await result.workspace.close()
      await whileDown?.()
      workspace = await start()
      result.workspace = workspace
    },
    async dispose() {
      for (const client of clients) client.destroy()
      await result.workspace.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
    connect(documentId, params = {}) {
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(result.syncUrl, documentId, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params,
        disableBc: true,
      })
      const synced = new Promise<void>((resolve) => {
        if (provider.synced) resolve()
        const onSync = (state: boolean) => {
          if (!state) return
          provider.off('sync', onSync)
          resolve()
        }
        provider.on('sync', onSync)
      })
      const client: TestClient = {
        doc,
        provider,
        synced,
        destroy() {
          clients.delete(client)
          provider.destroy()
          doc.destroy()
        },
      }
      clients.add(client)
      return client
    },
  }
  return result
}

/** The document as stored in the data directory's database (read-only; the server may be running). */
export function storedDoc(dataDir: string, documentId: string): Y.Doc {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    const doc = new Y.Doc()
    const state = new SqlitePersistence(db).fetch(documentId)
    if (state) Y.applyUpdate(doc, state)
    return doc
  } finally {
    db.close()
  }
}

/** Resolves with the close code once the provider's server closed it for good (a 44xx code). */
export function closedFor(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => client.provider.once('closed', (event: { code: number; reason: string }) => resolve({ code: event.code, reason: event.reason })))
}

/** A principal the access tests connect as: its token (the `token` URL parameter) and the `authorId` it writes. */
export interface TestPrincipal {
  token: string
  id: string
  name: string
}

/**
 * Ends open mode: creates the first account (an administrator owning every document
 * so far). Connections without credentials are refused from then on.
 */
export async function closeOpenMode(ws: TestWorkspace, username = 'admin'): Promise<void> {
  const first = await ws.workspace.access.createFirstAccount({ username, password: ADMIN_PASSWORD })
  if (!first.ok) throw new Error(`first account: ${first.reason}`)
}

const ADMIN_PASSWORD = 'admin password 1'

/** The `variorum_session=…` cookie of the administrator `closeOpenMode` created. */
export async function adminCookie(ws: TestWorkspace, username = 'admin'): Promise<string> {
  const signedIn = await ws.workspace.access.signIn(username, ADMIN_PASSWORD)
  if (!signedIn.ok) throw new Error(`admin sign-in: ${signedIn.reason}`)
  return `variorum_session=${signedIn.sessionId}`
}

/** A script token holding `role` on `documentId`, named `name`: what a Yjs client joins with. */
export async function principalWithRole(ws: TestWorkspace, role: DocumentRole, documentId: string, name: string = role): Promise<TestPrincipal> {
  const { token, record } = await ws.workspace.access.createToken({ name, role, documentId })
  return { token, id: `token:${record.id}`, name }
}

/** Resolves once `predicate(doc)` holds, checking now and after every update of the doc. */
export function waitForDoc(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate(doc)) return resolve()
    const check = () => {
      if (!predicate(doc)) return
      doc.off('update', check)
      resolve()
    }
    doc.on('update', check)
  })
}

/** Resolves once every doc has the same projection as the first. */
export async function waitForConvergence(docs: readonly Y.Doc[]): Promise<void> {
  const same = () => {
    const first = JSON.stringify(docs[0].getXmlFragment(DOC_MODEL.fragment).toJSON())
    return docs.every((doc) => JSON.stringify(doc.getXmlFragment(DOC_MODEL.fragment).toJSON()) === first)
  }
  await new Promise<void>((resolve) => {
    if (same()) return resolve()
    const check = () => {
      if (!same()) return
      for (const doc of docs) doc.off('update', check)
      resolve()
    }
    for (const doc of docs) doc.on('update', check)
  })
}

/** The XmlText of paragraph `index`. */
export function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  const paragraph = doc.getXmlFragment(DOC_MODEL.fragment).get(index) as Y.XmlElement
  return paragraph.get(0) as Y.XmlText
}

export { projectDocument }

/**
 * Creates a document through the API and returns its id. Once accounts exist an upload
 * needs one: pass its `variorum_session=…` cookie (the uploader becomes owner).
 */
export async function createTestDocument(baseUrl: string, text: string, title?: string, cookie?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ text, title }),
  })
  if (response.status !== 201 && response.status !== 200) throw new Error(`upload failed: ${response.status}`)
  return ((await response.json()) as { id: string }).id
}

/** A raw `ws` client on the sync endpoint; `closed` resolves with the close code and reason. */
export function rawSocket(syncUrl: string, documentId: string, params: Record<string, string> = {}) {
  const query = new URLSearchParams(params).toString()
  const socket = new WebSocket(`${syncUrl}/${encodeURIComponent(documentId)}${query ? `?${query}` : ''}`)
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  socket.on('error', () => {})
  return { socket, opened, closed }
}
