import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AccessService } from '../../../server/access/AccessService'
import { hashPassword, verifyPassword } from '../../../server/access/passwords'
import { SqlAccessStore } from '../../../server/persistence/SqlAccessStore'
import { engines, type EngineStore } from '../persistence/engines'

/** Cheap scrypt parameters: these tests check the logic, not the cost. */
const FAST = { N: 1024, r: 8, p: 1 }

describe('passwords', () => {
  it('verifies the password it hashed, and nothing else', async () => {
    const stored = await hashPassword('correct horse', FAST)
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(stored).not.toContain('correct horse')
    expect(await verifyPassword('correct horse', stored)).toBe(true)
    expect(await verifyPassword('correct hors', stored)).toBe(false)
    expect(await verifyPassword('correct horse', 'plain')).toBe(false)
  })

  it('salts each hash', async () => {
    expect(await hashPassword('same password', FAST)).not.toBe(await hashPassword('same password', FAST))
  })
})

/** The same suite on SQLite and on PostgreSQL (tests/server/persistence/engines.ts). */
describe.each(engines())('AccessService on $name', (engine) => {
  let store: EngineStore
  let access: AccessService
  let now: Date

  beforeAll(() => engine.setup())
  beforeEach(async () => {
    store = await engine.open()
    now = new Date('2026-01-01T00:00:00Z')
    access = new AccessService(new SqlAccessStore(store.sql), { scrypt: FAST, now: () => now })
  })
  afterEach(() => store.close())
  afterAll(() => engine.teardown())

  it('makes the first account an administrator who owns the documents already loaded, once', async () => {
    await store.createDocument({ id: 'doc-1', title: 'One', createdAt: now.toISOString(), sourceHash: 'h1', characters: 3, sourceEncoding: null, sourceFormat: null }, Y.encodeStateAsUpdate(new Y.Doc()))
    expect(await access.isOpen()).toBe(true)
    const first = await access.createFirstAccount({ username: 'ana', password: 'a long password' })
    expect(first.ok).toBe(true)
    if (!first.ok) return
    expect(first.account.isAdmin).toBe(true)
    expect(await access.store.getRole('doc-1', first.account.id)).toBe('owner')
    expect(await access.isOpen()).toBe(false)
    expect(await access.createFirstAccount({ username: 'ben', password: 'another password' })).toEqual({ ok: false, reason: 'not-first' })
  })

  it('forgets a purged document: its roles, share links and tokens limited to it, and nothing of another', async () => {
    const ana = await access.addAccount({ username: 'ana', password: 'a long password' })
    if (!ana.ok) throw new Error('accounts')
    for (const doc of ['doc-1', 'doc-2']) {
      await access.setRole(doc, ana.account.id, 'editor', 'test')
      await access.createShareLink({ documentId: doc, role: 'viewer', expiresAt: null, createdBy: ana.account.id })
      await access.createToken({ name: `script-${doc}`, role: 'viewer', documentId: doc })
    }
    expect(await access.store.forgetDocument('doc-1')).toBe(3)
    expect(await access.store.listRoles('doc-1')).toEqual([])
    expect(await access.store.listShareLinks('doc-1')).toEqual([])
    expect((await access.store.listTokens()).map((t) => t.documentId)).toEqual(['doc-2'])
    expect(await access.store.listRoles('doc-2')).toEqual([{ accountId: ana.account.id, role: 'editor' }])
    expect(await access.store.listShareLinks('doc-2')).toHaveLength(1)
    expect(await access.store.forgetDocument('doc-1')).toBe(0)
  })

  it('signs in with the right password only, and a session resolves until it is revoked or expires', async () => {
    await access.addAccount({ username: 'ana', displayName: 'Ana B.', password: 'a long password' })
    expect(await access.signIn('ana', 'wrong password')).toEqual({ ok: false, reason: 'invalid-credentials' })
    expect(await access.signIn('nobody', 'a long password')).toEqual({ ok: false, reason: 'invalid-credentials' })
    const signedIn = await access.signIn('ANA', 'a long password')
    if (!signedIn.ok) throw new Error('sign-in failed')
    expect(signedIn.sessionId).toMatch(/^vc_[A-Za-z0-9_-]{43}$/)
    expect((await access.accountForSession(signedIn.sessionId))?.displayName).toBe('Ana B.')
    now = new Date(now.getTime() + 15 * 24 * 3600 * 1000)
    expect(await access.accountForSession(signedIn.sessionId)).toBeNull()
    now = new Date('2026-01-01T00:00:00Z')
    await access.signOut(signedIn.sessionId)
    expect(await access.accountForSession(signedIn.sessionId)).toBeNull()
  })

  it('refuses short passwords and taken usernames as values', async () => {
    expect(await access.addAccount({ username: 'ana', password: 'short' })).toEqual({ ok: false, reason: 'password-too-short' })
    expect(await access.addAccount({ username: 'a\nb', password: 'a long password' })).toEqual({ ok: false, reason: 'invalid-username' })
    await access.addAccount({ username: 'ana', password: 'a long password' })
    expect(await access.addAccount({ username: 'Ana', password: 'a long password' })).toEqual({ ok: false, reason: 'username-taken' })
  })

  it('ends sessions when an account is disabled or its password reset', async () => {
    await access.addAccount({ username: 'ana', password: 'a long password' })
    const first = await access.signIn('ana', 'a long password')
    if (!first.ok) throw new Error('sign-in failed')
    await access.resetPassword('ana', 'a new long password')
    expect(await access.accountForSession(first.sessionId)).toBeNull()
    const second = await access.signIn('ana', 'a new long password')
    if (!second.ok) throw new Error('sign-in failed')
    await access.setAccountDisabled('ana', true)
    expect(await access.accountForSession(second.sessionId)).toBeNull()
    expect(await access.signIn('ana', 'a new long password')).toEqual({ ok: false, reason: 'invalid-credentials' })
  })

  it('resolves roles from sessions, tokens and share links, per document', async () => {
    const owner = await access.addAccount({ username: 'owner', password: 'a long password', admin: true })
    const ana = await access.addAccount({ username: 'ana', password: 'a long password' })
    if (!owner.ok || !ana.ok) throw new Error('accounts')
    await access.setRole('doc-1', ana.account.id, 'annotator', owner.account.id)
    const session = await access.signIn('ana', 'a long password')
    const adminSession = await access.signIn('owner', 'a long password')
    if (!session.ok || !adminSession.ok) throw new Error('sign-in failed')
    expect(await access.resolve({ sessionId: session.sessionId }, 'doc-1')).toEqual({
      principal: { kind: 'account', id: ana.account.id, name: 'ana' },
      role: 'annotator',
    })
    expect(await access.resolve({ sessionId: session.sessionId }, 'doc-2')).toBeNull()
    expect((await access.resolve({ sessionId: adminSession.sessionId }, 'doc-2'))?.role).toBe('owner')

    const scoped = await access.createToken({ name: 'importer', role: 'commenter', documentId: 'doc-1' })
    expect(scoped.token).toMatch(/^vt_/)
    expect(await access.resolve({ token: scoped.token }, 'doc-1')).toEqual({
      principal: { kind: 'token', id: `token:${scoped.record.id}`, name: 'importer' },
      role: 'commenter',
    })
    expect(await access.resolve({ token: scoped.token }, 'doc-2')).toBeNull()
    expect(await access.revokeToken('importer')).toBe(true)
    expect(await access.resolve({ token: scoped.token }, 'doc-1')).toBeNull()

    const share = await access.createShareLink({ documentId: 'doc-1', role: 'viewer', expiresAt: '2026-01-02T00:00:00Z', createdBy: owner.account.id })
    expect((await access.resolve({ token: share.token }, 'doc-1'))?.role).toBe('viewer')
    expect(await access.resolve({ token: share.token }, 'doc-2')).toBeNull()
    now = new Date('2026-01-03T00:00:00Z')
    expect(await access.resolve({ token: share.token }, 'doc-1')).toBeNull()
    now = new Date('2026-01-01T00:00:00Z')
    expect(await access.revokeShareLink(share.link.id, owner.account.id)).toBe(true)
    expect(await access.resolve({ token: share.token }, 'doc-1')).toBeNull()
    expect(await access.resolve({ token: 'vt_made-up' }, 'doc-1')).toBeNull()

    const audit = await access.store.listAudit('doc-1')
    expect(audit.map((entry) => entry.action)).toEqual(['role-change', 'share', 'share-revoke'])
    expect(audit[1].details).toEqual({ linkId: share.link.id, role: 'viewer', expiresAt: '2026-01-02T00:00:00Z' })
  })

  it('moves the access revision with every revocation and tells its listeners', async () => {
    let heard = 0
    access.onChange(() => heard++)
    const before = await access.store.accessRevision()
    const { record } = await access.createToken({ name: 'bot', role: 'editor', documentId: null })
    await access.revokeToken(record.id)
    expect(await access.store.accessRevision()).toBe(before + 1)
    expect(heard).toBe(1)
  })
})
