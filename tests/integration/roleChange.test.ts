import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readRoleMessage, ROLE_MESSAGE } from '../../doc/access/roleMessage'
import type { DocumentRole } from '../../doc/access/roles'
import { CLOSE_CODES } from '../../server/sync/closeCodes'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import { REDIS_URL } from './instances'
import {
  adminCookie,
  closeOpenMode,
  createTestDocument,
  paragraphText,
  principalWithRole,
  projectDocument,
  startTestWorkspace,
  storedDoc,
  waitForDoc,
  type TestClient,
  type TestWorkspace,
} from './testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\n'
const PASSWORD = 'erin password 2026'

/** A stock y-websocket provider signed in as an account (the ws polyfill sends its session cookie). */
interface AccountClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The roles the server announced on the socket (doc/access/roleMessage), in order. */
  roles: DocumentRole[]
  /** Resolves with the code of the close that ended the provider for good (44xx). */
  closedForever: Promise<number>
}

/** `listen`: handle the role messages as the workspace's client does; without, a stock provider as any Yjs client has. */
function connectAs(ws: { syncUrl: string }, documentId: string, sessionId: string, listen = true): AccountClient {
  class WithCookie extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `variorum_session=${sessionId}` } })
    }
  }
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(ws.syncUrl, documentId, doc, { WebSocketPolyfill: WithCookie as unknown as typeof globalThis.WebSocket, disableBc: true })
  const roles: DocumentRole[] = []
  // What the workspace's client does (client/sync/documentSession.ts); the stock handler still sees every other auth frame.
  const stock = provider.messageHandlers[ROLE_MESSAGE.type]
  if (listen) {
    provider.messageHandlers[ROLE_MESSAGE.type] = (encoder, decoder, p, emitSynced, type) => {
      const role = readRoleMessage(decoder)
      if (role) roles.push(role)
      else stock(encoder, decoder, p, emitSynced, type)
    }
  }
  const closedForever = new Promise<number>((resolve) => provider.once('closed', (event: { code: number }) => resolve(event.code)))
  return { doc, provider, roles, closedForever }
}

function synced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
}

/** Resolves once `roles` holds `count` entries (the role messages arrive on the socket). */
async function rolesAnnounced(client: AccountClient, count: number): Promise<DocumentRole[]> {
  while (client.roles.length < count) await new Promise((resolve) => setImmediate(resolve))
  return client.roles
}

describe('a role changed by the owner takes effect on open sockets at once', () => {
  let ws: TestWorkspace
  let id: string
  let owner: string
  let erin: AccountClient
  let erinsSession: string
  let witness: TestClient

  /** The owner's `PUT /api/documents/:id/access/erin` with `{ role }`. */
  async function setErinsRole(role: DocumentRole | null): Promise<void> {
    const response = await fetch(`${ws.workspace.url}/api/documents/${id}/access/erin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: owner },
      body: JSON.stringify({ role }),
    })
    expect(response.status).toBe(204)
  }

  beforeEach(async () => {
    ws = await startTestWorkspace()
    id = await createTestDocument(ws.workspace.url, TEXT)
    await closeOpenMode(ws)
    owner = await adminCookie(ws)
    const added = await ws.workspace.access.addAccount({ username: 'erin', displayName: 'Erin', password: PASSWORD })
    if (!added.ok) throw new Error(added.reason)
    await setErinsRole('editor')
    const signedIn = await ws.workspace.access.signIn('erin', PASSWORD)
    if (!signedIn.ok) throw new Error('sign-in failed')
    erinsSession = signedIn.sessionId
    erin = connectAs(ws, id, erinsSession)
    witness = ws.connect(id, { token: (await principalWithRole(ws, 'viewer', id, 'witness')).token })
    await Promise.all([synced(erin.provider), witness.synced])
  })
  afterEach(async () => {
    erin.provider.destroy()
    erin.doc.destroy()
    await ws.dispose()
  })

  it('editor lowered to viewer: told its new role, its next text update is refused (4403) and absent from the store and the other client', async () => {
    paragraphText(erin.doc, 0).insert(0, 'as editor ')
    await waitForDoc(witness.doc, (doc) => projectDocument(doc).startsWith('as editor '))

    await setErinsRole('viewer')
    // The PUT answers once the open sockets follow: the role message is on its way, and the very next update is judged as a viewer's.
    paragraphText(erin.doc, 0).insert(0, 'AS VIEWER ')
    expect(await erin.closedForever).toBe(CLOSE_CODES.forbidden)
    expect(await rolesAnnounced(erin, 1)).toEqual(['viewer'])

    // A change the witness can see after the refusal, so it has heard everything before it.
    const later = ws.connect(id, { token: (await principalWithRole(ws, 'editor', id, 'later')).token })
    await later.synced
    paragraphText(later.doc, 1).insert(0, 'after ')
    await waitForDoc(witness.doc, (doc) => projectDocument(doc).includes('after Second'))
    expect(projectDocument(witness.doc)).toBe('as editor First paragraph.\n\nafter Second paragraph.')
    await ws.workspace.close()
    expect(projectDocument(storedDoc(ws.dataDir, id))).toBe('as editor First paragraph.\n\nafter Second paragraph.')
  })

  it('a stock y-websocket client ignores the role message and stays connected; lowered to annotator, its text edit is refused', async () => {
    const stock = connectAs(ws, id, erinsSession, false)
    try {
      await synced(stock.provider)
      await setErinsRole('annotator')
      expect(await rolesAnnounced(erin, 1)).toEqual(['annotator'])
      // An edit made after the role message reaches the stock client over the same socket: it read that message and carried on.
      const editor = ws.connect(id, { token: (await principalWithRole(ws, 'editor', id, 'editor')).token })
      await editor.synced
      paragraphText(editor.doc, 1).insert(0, 'seen ')
      await waitForDoc(stock.doc, (doc) => projectDocument(doc).includes('seen Second'))
      expect(stock.provider.wsconnected).toBe(true)
      paragraphText(stock.doc, 0).insert(0, 'TEXT BY ANNOTATOR ')
      expect(await stock.closedForever).toBe(CLOSE_CODES.forbidden)
      expect(projectDocument(witness.doc)).not.toContain('TEXT BY ANNOTATOR')
      expect(projectDocument(storedDoc(ws.dataDir, id))).toBe('First paragraph.\n\nseen Second paragraph.')
    } finally {
      stock.provider.destroy()
      stock.doc.destroy()
    }
  })

  it('raised from viewer to editor: its edits pass from the next one on', async () => {
    await setErinsRole('viewer')
    await setErinsRole('editor')
    expect(await rolesAnnounced(erin, 2)).toEqual(['viewer', 'editor'])
    paragraphText(erin.doc, 0).insert(0, 'raised ')
    await waitForDoc(witness.doc, (doc) => projectDocument(doc).startsWith('raised '))
  })

  it('removed: its sockets close at once with 4401, like a revoked link', async () => {
    await setErinsRole(null)
    expect(await erin.closedForever).toBe(CLOSE_CODES.unauthorized)
    expect(erin.roles).toEqual([])
  })
})

describe('a role changed on one instance, a socket on another', () => {
  let database: { url: string; drop(): Promise<void> }
  let dataDir: string
  let instances: RunningWorkspace[]
  let erin: AccountClient | null = null

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'variorum-role-instances-'))
    const prefix = `variorum-test-role-${randomBytes(4).toString('hex')}`
    // The access revision is polled once an hour here: only the Redis fan-out can tell the other instance in time.
    const start = () => startWorkspace({ port: 0, dataDir, clientDir: join(dataDir, 'no-client'), databaseUrl: database.url, redis: { url: REDIS_URL, prefix }, accessPollMs: 3_600_000 })
    instances = [await start(), await start()]
  })
  afterEach(async () => {
    erin?.provider.destroy()
    erin?.doc.destroy()
    await Promise.all(instances.map((instance) => instance.close()))
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('lowered through instance A, the socket on instance B is told at once and its next text update refused', async () => {
    const [a, b] = instances
    const id = await createTestDocument(a.url, TEXT)
    const first = await a.access.createFirstAccount({ username: 'admin', password: 'admin password 1' })
    if (!first.ok) throw new Error(first.reason)
    const added = await a.access.addAccount({ username: 'erin', displayName: 'Erin', password: PASSWORD })
    if (!added.ok) throw new Error(added.reason)
    await a.access.setRole(id, added.account.id, 'editor', first.account.id)
    const signedIn = await b.access.signIn('erin', PASSWORD)
    if (!signedIn.ok) throw new Error('sign-in failed')
    erin = connectAs({ syncUrl: `${b.url.replace('http', 'ws')}/sync` }, id, signedIn.sessionId)
    await synced(erin.provider)

    await a.access.setRole(id, added.account.id, 'viewer', first.account.id)
    expect(await rolesAnnounced(erin, 1)).toEqual(['viewer'])
    paragraphText(erin.doc, 0).insert(0, 'AS VIEWER ')
    expect(await erin.closedForever).toBe(CLOSE_CODES.forbidden)
    const text = await (await fetch(`${a.url}/api/documents/${id}/text`, { headers: { cookie: `variorum_session=${signedIn.sessionId}` } })).text()
    expect(text).not.toContain('AS VIEWER')
    expect(text.startsWith('First paragraph.')).toBe(true)
  })
})
