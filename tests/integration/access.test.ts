import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DOC_MODEL } from '../../doc'
import type { DocumentRole } from '../../doc/access/roles'
import { openAccess } from '../../server/cli/openAccess'
import { CLOSE_CODES } from '../../server/sync/closeCodes'
import { stableJson } from '../doc/access/accessHelpers'
import {
  adminCookie,
  closeOpenMode,
  closedFor,
  createTestDocument,
  paragraphText,
  principalWithRole,
  projectDocument,
  rawSocket,
  startTestWorkspace,
  storedDoc,
  waitForDoc,
  type TestClient,
  type TestPrincipal,
  type TestWorkspace,
} from './testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\n'

/** A comment map as docs/DATA-MODEL.md describes it, written by `by`. */
function comment(id: string, by: { id: string; name: string }, text: string): Y.Map<unknown> {
  const entry = new Y.Map<unknown>()
  entry.set('id', id)
  entry.set('author', by.name)
  entry.set('authorId', by.id)
  entry.set('created', '2026-01-01T00:00:00Z')
  entry.set('text', text)
  return entry
}

function annotationsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(DOC_MODEL.annotations)
}

/** Adds annotation `id` by `by`, with an empty thread (the anchor left out: not needed here). */
function addAnnotation(doc: Y.Doc, id: string, by: { id: string; name: string }): void {
  doc.transact(() => {
    const entry = new Y.Map<unknown>()
    entry.set('id', id)
    entry.set('type', 'note')
    entry.set('author', by.name)
    entry.set('authorId', by.id)
    entry.set('status', 'open')
    entry.set('comments', new Y.Array())
    entry.set('links', new Y.Array())
    annotationsOf(doc).set(id, entry)
  })
}

function threadOf(doc: Y.Doc, annotationId = 'a1'): Y.Array<Y.Map<unknown>> {
  return annotationsOf(doc).get(annotationId)?.get('comments') as Y.Array<Y.Map<unknown>>
}

/** Everything the tests look at: text, annotations, comments. */
function snapshot(doc: Y.Doc): string {
  return stableJson({ text: projectDocument(doc), annotations: annotationsOf(doc).toJSON() })
}

describe('access on the sync socket', () => {
  let ws: TestWorkspace
  let id: string
  let owner: TestPrincipal
  let witness: TestClient

  beforeEach(async () => {
    ws = await startTestWorkspace()
    id = await createTestDocument(ws.workspace.url, TEXT)
    await closeOpenMode(ws)
    owner = await principalWithRole(ws, 'owner', id, 'Olga')
    witness = ws.connect(id, { token: owner.token })
    await witness.synced
    addAnnotation(witness.doc, 'a1', owner)
    threadOf(witness.doc).push([comment('c-owner', owner, 'first remark')])
  })
  afterEach(async () => {
    await ws.dispose()
  })

  it('refuses an upgrade without credentials once an account exists (401), or with credentials for another document (403)', async () => {
    const anonymous = rawSocket(ws.syncUrl, id)
    await expect(anonymous.opened).rejects.toThrow(/401/)
    const other = await createTestDocument(ws.workspace.url, 'Another text.\n', undefined, await adminCookie(ws))
    const elsewhere = rawSocket(ws.syncUrl, id, { token: (await principalWithRole(ws, 'editor', other)).token })
    await expect(elsewhere.opened).rejects.toThrow(/403/)
    const forged = rawSocket(ws.syncUrl, id, { token: 'vt_not-a-token' })
    await expect(forged.opened).rejects.toThrow(/403/)
  })

  /** What each role tries: permitted changes must arrive, the forbidden one must close its socket and leave no trace. */
  const cases: { role: DocumentRole; permitted: ((doc: Y.Doc, me: TestPrincipal) => void)[]; forbidden: (doc: Y.Doc, me: TestPrincipal) => void; marker: string }[] = [
    {
      role: 'owner',
      permitted: [(doc) => paragraphText(doc, 0).insert(0, 'OWNED '), (doc, me) => addAnnotation(doc, 'a-owner', me)],
      forbidden: (doc) => threadOf(doc).push([comment('FORGED', { id: 'someone-else', name: 'X' }, 'FORGED')]),
      marker: 'FORGED',
    },
    {
      role: 'editor',
      permitted: [(doc) => paragraphText(doc, 1).insert(0, 'EDITED '), (doc, me) => threadOf(doc).push([comment('c-editor', me, 'editor remark')])],
      forbidden: (doc) => addAnnotation(doc, 'FORGED', { id: 'someone-else', name: 'X' }),
      marker: 'FORGED',
    },
    {
      role: 'annotator',
      permitted: [(doc, me) => addAnnotation(doc, 'a-annotator', me), (doc) => annotationsOf(doc).get('a1')!.set('status', 'resolved')],
      forbidden: (doc) => paragraphText(doc, 0).insert(0, 'FORBIDDEN '),
      marker: 'FORBIDDEN',
    },
    {
      role: 'commenter',
      permitted: [(doc, me) => threadOf(doc).push([comment('c-commenter', me, 'commenter remark')])],
      forbidden: (doc) => threadOf(doc).get(0).set('text', 'FORBIDDEN rewrite of the owner'),
      marker: 'FORBIDDEN',
    },
    {
      role: 'viewer',
      permitted: [],
      forbidden: (doc, me) => threadOf(doc).push([comment('FORBIDDEN', me, 'FORBIDDEN')]),
      marker: 'FORBIDDEN',
    },
  ]

  for (const { role, permitted, forbidden, marker } of cases) {
    it(`${role}: permitted changes arrive; a forbidden one is refused and absent from every client and the store after a restart`, async () => {
      const me = await principalWithRole(ws, role, id, `${role}-user`)
      const actor = ws.connect(id, { token: me.token })
      await actor.synced
      await waitForDoc(actor.doc, (doc) => threadOf(doc)?.length === 1)
      for (const change of permitted) {
        const before = snapshot(witness.doc)
        change(actor.doc, me)
        await waitForDoc(witness.doc, (doc) => snapshot(doc) !== before)
      }
      await waitForDoc(witness.doc, (doc) => snapshot(doc) === snapshot(actor.doc))
      const permittedState = snapshot(witness.doc)

      const closed = closedFor(actor)
      forbidden(actor.doc, me)
      expect((await closed).code).toBe(CLOSE_CODES.forbidden)
      // The witness hears an edit made after the refused one, and never the refused one.
      paragraphText(witness.doc, 1).insert(paragraphText(witness.doc, 1).length, ' later')
      const late = ws.connect(id, { token: (await principalWithRole(ws, 'viewer', id, 'late')).token })
      await waitForDoc(late.doc, (doc) => projectDocument(doc).endsWith(' later'))
      for (const doc of [witness.doc, late.doc]) expect(snapshot(doc)).not.toContain(marker)

      await ws.restart()
      const stored = storedDoc(ws.dataDir, id)
      expect(snapshot(stored)).not.toContain(marker)
      const rejoined = ws.connect(id, { token: owner.token })
      await rejoined.synced
      await waitForDoc(rejoined.doc, (doc) => projectDocument(doc).endsWith(' later'))
      expect(snapshot(rejoined.doc)).not.toContain(marker)
      expect(snapshot(rejoined.doc).replace(' later', '')).toBe(permittedState)
    })
  }

  it('closes the sockets of a revoked token at once, with 4401, and refuses it afterwards', async () => {
    const me = await principalWithRole(ws, 'editor', id, 'revoked-bot')
    const bot = ws.connect(id, { token: me.token })
    await bot.synced
    const closed = closedFor(bot)
    expect(await ws.workspace.access.revokeToken('revoked-bot')).toBe(true)
    expect((await closed).code).toBe(CLOSE_CODES.unauthorized)
    await expect(rawSocket(ws.syncUrl, id, { token: me.token }).opened).rejects.toThrow(/403/)
  })

  it('closes the sockets of a revoked share link at once', async () => {
    const { token, link } = await ws.workspace.access.createShareLink({ documentId: id, role: 'viewer', expiresAt: null, createdBy: 'test' })
    const guest = ws.connect(id, { token })
    await guest.synced
    const closed = closedFor(guest)
    await ws.workspace.access.revokeShareLink(link.id, 'test')
    expect((await closed).code).toBe(CLOSE_CODES.unauthorized)
  })

  it('notices a revocation made by another process on the same database (the CLI)', async () => {
    const me = await principalWithRole(ws, 'editor', id, 'cli-revoked')
    const bot = ws.connect(id, { token: me.token })
    await bot.synced
    const closed = closedFor(bot)
    const cli = await openAccess(ws.dataDir)
    try {
      expect(await cli.access.revokeToken('cli-revoked')).toBe(true)
    } finally {
      await cli.close()
    }
    expect((await closed).code).toBe(CLOSE_CODES.unauthorized)
  })
})

describe('access in open mode', () => {
  it('lets anyone join as an editor until the first account exists, then closes those sockets', async () => {
    const ws = await startTestWorkspace()
    try {
      const id = await createTestDocument(ws.workspace.url, TEXT)
      const anyone = ws.connect(id)
      await anyone.synced
      paragraphText(anyone.doc, 0).insert(0, 'open ')
      await waitForDoc(storedDocWatcher(ws, id), () => true)
      const closed = closedFor(anyone)
      await closeOpenMode(ws)
      expect((await closed).code).toBe(CLOSE_CODES.unauthorized)
    } finally {
      await ws.dispose()
    }
  })
})

/** A client that joined to observe (open mode only). */
function storedDocWatcher(ws: TestWorkspace, id: string): Y.Doc {
  return ws.connect(id).doc
}

describe('access with a signed-in account', () => {
  it('joins with the session cookie, applies a role change to the next update, and never stores or logs the password or secrets', async () => {
    const lines: string[] = []
    const ws = await startTestWorkspace({ log: (line) => lines.push(line) })
    const PASSWORD = 'clear-password-never-stored-2026'
    try {
      const id = await createTestDocument(ws.workspace.url, TEXT)
      await closeOpenMode(ws)
      const added = await ws.workspace.access.addAccount({ username: 'dora', displayName: 'Dora', password: PASSWORD })
      if (!added.ok) throw new Error(added.reason)
      await ws.workspace.access.setRole(id, added.account.id, 'annotator', 'test')
      const signedIn = await ws.workspace.access.signIn('dora', PASSWORD)
      if (!signedIn.ok) throw new Error('sign-in failed')
      const { sessionId } = signedIn

      const doc = new Y.Doc()
      // A stock provider cannot set a cookie from Node; the ws polyfill can.
      class WithCookie extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie: `variorum_session=${sessionId}` } })
        }
      }
      const provider = new WebsocketProvider(ws.syncUrl, id, doc, { WebSocketPolyfill: WithCookie as unknown as typeof globalThis.WebSocket, disableBc: true })
      try {
        await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
        const closedForever = new Promise<{ code: number }>((resolve) => provider.once('closed', (event: { code: number }) => resolve(event)))
        // An annotator's comment passes; promoted to editor, its next text edit passes too.
        addAnnotation(doc, 'a-dora', { id: added.account.id, name: 'Dora' })
        await ws.workspace.access.setRole(id, added.account.id, 'editor', 'test')
        paragraphText(doc, 0).insert(0, 'promoted ')
        const witness = ws.connect(id, { token: (await principalWithRole(ws, 'viewer', id, 'w')).token })
        await waitForDoc(witness.doc, (d) => projectDocument(d).startsWith('promoted ') && annotationsOf(d).has('a-dora'))
        // Demoted to viewer: the next edit is refused.
        await ws.workspace.access.setRole(id, added.account.id, 'viewer', 'test')
        paragraphText(doc, 0).insert(0, 'DEMOTED ')
        expect((await closedForever).code).toBe(CLOSE_CODES.forbidden)
        expect(projectDocument(storedDoc(ws.dataDir, id))).not.toContain('DEMOTED')
      } finally {
        provider.destroy()
        doc.destroy()
      }
      const audit = await ws.workspace.access.store.listAudit(id)
      expect(audit.filter((entry) => entry.action === 'role-change').map((entry) => entry.details.role)).toEqual(['annotator', 'editor', 'viewer'])
      expect(audit.some((entry) => entry.action === 'join' && entry.actorId === added.account.id)).toBe(true)

      await ws.workspace.close()
      const files = readdirSync(ws.dataDir).filter((name) => name.startsWith('variorum.sqlite'))
      const bytes = Buffer.concat(files.map((name) => readFileSync(join(ws.dataDir, name))))
      for (const secret of [PASSWORD, sessionId]) {
        expect(bytes.includes(Buffer.from(secret))).toBe(false)
        expect(lines.join('\n')).not.toContain(secret)
      }
      expect(lines.some((line) => line.includes('update refused'))).toBe(true)
    } finally {
      await ws.dispose()
    }
  })
})
