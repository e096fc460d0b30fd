import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DATABASE_FILE } from '../../../server/persistence/openDatabase'
import { CLOSE_CODES } from '../../../server/sync/closeCodes'
import {
  adminCookie,
  closeOpenMode,
  closedFor,
  createTestDocument,
  principalWithRole,
  projectDocument,
  startTestWorkspace,
  type TestWorkspace,
} from '../../integration/testWorkspace'

const TEXT = 'A document to rename and to trash.\n'
const DAY = 24 * 3600 * 1000

/** Rename, trash and restore through the API (issue 14): roles checked, the audit log written, sockets closed. */
describe('rename and trash', () => {
  let ws: TestWorkspace
  let clock: number
  let id: string
  let admin: string
  const cookies: Record<string, string> = {}

  beforeEach(async () => {
    clock = Date.parse('2026-03-01T12:00:00Z')
    ws = await startTestWorkspace({ now: () => new Date(clock) })
    id = await createTestDocument(ws.workspace.url, TEXT, 'Old title')
    await closeOpenMode(ws)
    admin = await adminCookie(ws)
    const access = ws.workspace.access
    for (const [username, role] of [['ed', 'editor'], ['vi', 'viewer']] as const) {
      const added = await access.addAccount({ username, password: `${username} password 1` })
      if (!added.ok) throw new Error(added.reason)
      await access.setRole(id, added.account.id, role, 'test')
      const signedIn = await access.signIn(username, `${username} password 1`)
      if (!signedIn.ok) throw new Error(signedIn.reason)
      cookies[username] = `variorum_session=${signedIn.sessionId}`
    }
  })
  afterEach(async () => {
    await ws.dispose()
  })

  const call = (method: string, path: string, cookie: string, body?: unknown) =>
    fetch(`${ws.workspace.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const errorId = async (response: Response) => [response.status, ((await response.json()) as { error: { id: string } }).error.id]
  const path = () => `/api/documents/${encodeURIComponent(id)}`

  it('renames for an editor, not for a viewer, and logs it', async () => {
    expect(await errorId(await call('PATCH', path(), cookies.vi, { title: 'By the viewer' }))).toEqual([403, 'forbidden'])
    expect(await errorId(await call('PATCH', path(), cookies.ed, { title: '   ' }))).toEqual([400, 'invalid-request'])
    const renamed = await call('PATCH', path(), cookies.ed, { title: '  New title\u202e  ' })
    expect(renamed.status).toBe(200)
    expect(((await renamed.json()) as { title: string }).title).toBe('New title\u202e')
    const listed = (await (await call('GET', '/api/documents', cookies.vi)).json()) as { id: string; title: string }[]
    expect(listed.find((d) => d.id === id)?.title).toBe('New title\u202e')
    const audit = (await (await call('GET', `${path()}/audit`, admin)).json()) as { action: string; details: unknown }[]
    expect(audit.filter((e) => e.action === 'rename').map((e) => e.details)).toEqual([{ from: 'Old title', to: 'New title\u202e' }])
  })

  it('moves a document to the trash for its owner only, closes its sockets, and restores it within 30 days', async () => {
    const owner = await principalWithRole(ws, 'owner', id, 'Owner script')
    const client = ws.connect(id, { token: owner.token })
    await client.synced
    const closed = closedFor(client)

    expect(await errorId(await call('DELETE', path(), cookies.ed))).toEqual([403, 'forbidden'])
    expect((await call('DELETE', path(), admin)).status).toBe(204)
    expect(await closed).toEqual({ code: CLOSE_CODES.unknownDocument, reason: 'the document was moved to the trash' })
    // Gone from every route and the sync endpoint.
    expect((await call('GET', path(), admin)).status).toBe(404)
    expect((await call('GET', `${path()}/text`, admin)).status).toBe(404)
    expect(((await (await call('GET', '/api/documents', admin)).json()) as unknown[]).length).toBe(0)
    const late = ws.connect(id, { token: owner.token })
    expect((await closedFor(late)).code).toBe(CLOSE_CODES.unknownDocument)
    expect((await call('DELETE', path(), admin)).status).toBe(404)

    // The trash: the owner sees it, the editor does not and may not restore it.
    const trash = (await (await call('GET', '/api/trash', admin)).json()) as { id: string; trashedAt: string; restorableUntil: string }[]
    expect(trash).toEqual([expect.objectContaining({ id, title: 'Old title', trashedAt: '2026-03-01T12:00:00.000Z', restorableUntil: '2026-03-31T12:00:00.000Z' })])
    expect(await (await call('GET', '/api/trash', cookies.ed)).json()).toEqual([])
    expect(await errorId(await call('POST', `/api/trash/${encodeURIComponent(id)}/restore`, cookies.ed))).toEqual([403, 'forbidden'])

    clock += 29 * DAY
    const restored = await call('POST', `/api/trash/${encodeURIComponent(id)}/restore`, admin)
    expect(restored.status).toBe(200)
    expect(await (await call('GET', `${path()}/text`, cookies.vi)).text()).toBe(TEXT.trimEnd())
    const back = ws.connect(id, { token: owner.token })
    await back.synced
    expect(projectDocument(back.doc)).toBe(TEXT.trimEnd())
    const audit = (await (await call('GET', `${path()}/audit`, admin)).json()) as { action: string }[]
    expect(audit.map((e) => e.action).filter((a) => a === 'trash' || a === 'restore')).toEqual(['trash', 'restore'])
  })

  it('refuses a restore after 30 days', async () => {
    expect((await call('DELETE', path(), admin)).status).toBe(204)
    clock += 30 * DAY + 1000
    expect(await errorId(await call('POST', `/api/trash/${encodeURIComponent(id)}/restore`, admin))).toEqual([410, 'restore-expired'])
    expect((await call('GET', path(), admin)).status).toBe(404)
  })
  it('purges a document 30 days after it went to the trash, with its history, roles, links and search entries', async () => {
    const access = ws.workspace.access
    const owner = (await access.store.listAccounts()).find((a) => a.isAdmin)!
    await access.createShareLink({ documentId: id, role: 'viewer', expiresAt: null, createdBy: owner.id })
    const uploaded = await call('POST', '/api/documents', admin, { text: 'Another text, kept.\n' })
    expect(uploaded.status).toBe(201)
    const kept = ((await uploaded.json()) as { id: string }).id
    const rowsOf = (documentId: string) => {
      const db = new Database(join(ws.dataDir, DATABASE_FILE), { readonly: true })
      try {
        const count = (table: string, column = 'document_id') => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(documentId) as { n: number }).n
        return {
          documents: count('documents', 'id'),
          snapshots: count('snapshots') + count('updates'),
          roles: count('document_roles') + count('share_links'),
          search: count('search_entries'),
        }
      } finally {
        db.close()
      }
    }
    await expect.poll(() => rowsOf(id).search).toBeGreaterThan(0)
    expect(rowsOf(id).documents).toBe(1)
    // Its owner, the editor, the viewer and the share link.
    expect(rowsOf(id).roles).toBe(4)
    expect(rowsOf(id).snapshots).toBeGreaterThan(0)
    expect((await call('DELETE', path(), admin)).status).toBe(204)

    // 29 days on, a restart purges nothing; 30 days and a second on, it purges the document for good.
    clock += 29 * DAY
    await ws.restart()
    expect(rowsOf(id).documents).toBe(1)
    clock += DAY + 1000
    await ws.restart()
    expect(rowsOf(id)).toEqual({ documents: 0, snapshots: 0, roles: 0, search: 0 })
    expect(await (await call('GET', '/api/trash', admin)).json()).toEqual([])
    expect((await call('GET', path(), admin)).status).toBe(404)
    expect(rowsOf(kept).documents).toBe(1)
    expect((await call('GET', `/api/documents/${encodeURIComponent(kept)}`, admin)).status).toBe(200)
  })
  it('makes a new document from an upload of content that is in the trash; the trashed one stays restorable', async () => {
    expect((await call('DELETE', path(), admin)).status).toBe(204)
    const again = await call('POST', '/api/documents', cookies.ed, { text: TEXT })
    expect(again.status).toBe(201)
    const fresh = ((await again.json()) as { id: string; title: string }).id
    expect(fresh).not.toBe(id)
    expect((await call('GET', `/api/documents/${encodeURIComponent(fresh)}/text`, cookies.ed)).status).toBe(200)
    // Uploaded once more, it is the new one that answers, not a third.
    const third = await call('POST', '/api/documents', cookies.ed, { text: TEXT })
    expect([third.status, ((await third.json()) as { id: string }).id]).toEqual([200, fresh])
    expect((await call('POST', `/api/trash/${encodeURIComponent(id)}/restore`, admin)).status).toBe(200)
    const listed = ((await (await call('GET', '/api/documents', admin)).json()) as { id: string }[]).map((d) => d.id)
    expect(listed).toContain(id)
    expect(listed).toContain(fresh)
  })
})
