import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestWorkspace, type TestWorkspace } from '../../integration/testWorkspace'

const JSON_TYPE = { 'content-type': 'application/json' }

describe('document routes under accounts', () => {
  let ws: TestWorkspace
  let base: string

  beforeEach(async () => {
    ws = await startTestWorkspace()
    base = ws.workspace.url
  })
  afterEach(async () => {
    await ws.dispose()
  })

  async function signIn(username: string, password: string): Promise<string> {
    const response = await fetch(`${base}/api/session`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ username, password }) })
    expect(response.status).toBe(200)
    return (response.headers.get('set-cookie') ?? '').split(';')[0]
  }

  async function status(path: string, init: RequestInit = {}): Promise<[number, string | null]> {
    const response = await fetch(`${base}${path}`, init)
    const body = (await response.json().catch(() => null)) as { error?: { id: string } } | null
    return [response.status, body?.error?.id ?? null]
  }

  it('guards every route by the role on the document, and the uploader owns what it uploads', async () => {
    // Open mode: anyone uploads and reads.
    const open = await fetch(`${base}/api/documents`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ text: 'from the first run' }) })
    expect(open.status).toBe(201)
    const firstRunDoc = ((await open.json()) as { id: string }).id

    const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ username: 'ada', password: 'ada password' }) })
    expect(setup.status).toBe(201)
    const ada = (setup.headers.get('set-cookie') ?? '').split(';')[0]
    for (const name of ['bob', 'carol']) {
      expect((await ws.workspace.access.addAccount({ username: name, password: `${name} password` })).ok).toBe(true)
    }
    const bob = await signIn('bob', 'bob password')
    const carol = await signIn('carol', 'carol password')

    expect(await status('/api/documents', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ text: 'anonymous' }) })).toEqual([401, 'not-signed-in'])
    const uploaded = await fetch(`${base}/api/documents`, { method: 'POST', headers: { ...JSON_TYPE, cookie: bob }, body: JSON.stringify({ text: 'bob wrote this' }) })
    expect(uploaded.status).toBe(201)
    const bobDoc = ((await uploaded.json()) as { id: string }).id

    const ids = async (cookie?: string) => ((await (await fetch(`${base}/api/documents`, { headers: cookie ? { cookie } : {} })).json()) as { id: string }[]).map((d) => d.id).sort()
    expect(await ids()).toEqual([])
    expect(await ids(carol)).toEqual([])
    expect(await ids(bob)).toEqual([bobDoc])
    expect(await ids(ada)).toEqual([firstRunDoc, bobDoc].sort())

    expect(await status(`/api/documents/${bobDoc}/text`)).toEqual([401, 'not-signed-in'])
    expect(await status(`/api/documents/${bobDoc}/opening`)).toEqual([401, 'not-signed-in'])
    expect(await status(`/api/documents/${bobDoc}/opening`, { headers: { cookie: carol } })).toEqual([404, 'document-not-found'])
    expect(await status(`/api/documents/${bobDoc}/export?format=txt`, { headers: { cookie: carol } })).toEqual([404, 'document-not-found'])
    expect(await status(`/api/documents/${firstRunDoc}`, { headers: { cookie: bob } })).toEqual([404, 'document-not-found'])
    const bobText = await fetch(`${base}/api/documents/${bobDoc}/text`, { headers: { cookie: bob } })
    expect([bobText.status, await bobText.text()]).toEqual([200, 'bob wrote this'])

    const carolAccount = (await ws.workspace.access.store.findAccountByUsername('carol'))!
    await ws.workspace.access.setRole(bobDoc, carolAccount.id, 'viewer', 'test')
    expect(await ids(carol)).toEqual([bobDoc])
    const viewerText = await fetch(`${base}/api/documents/${bobDoc}/text`, { headers: { cookie: carol } })
    expect([viewerText.status, await viewerText.text()]).toEqual([200, 'bob wrote this'])
    const annotation = JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', target: { selector: { type: 'TextQuoteSelector', exact: 'wrote' } } })
    const importAs = (cookie: string) => status(`/api/documents/${bobDoc}/annotations/import`, { method: 'POST', headers: { 'content-type': 'application/ld+json', cookie }, body: annotation })
    expect(await importAs(carol)).toEqual([403, 'forbidden'])
    await ws.workspace.access.setRole(bobDoc, carolAccount.id, 'annotator', 'test')
    expect((await importAs(carol))[0]).toBe(200)
  })

  it('tells each principal its own role on a document (GET /api/documents/:id/role)', async () => {
    const open = await fetch(`${base}/api/documents`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ text: 'open mode text' }) })
    const openDoc = ((await open.json()) as { id: string }).id
    const roleOf = async (id: string, cookie?: string) => {
      const response = await fetch(`${base}/api/documents/${id}/role`, { headers: cookie ? { cookie } : {} })
      const body = (await response.json()) as { role?: string; error?: { id: string } }
      return [response.status, body.role ?? body.error?.id]
    }
    expect(await roleOf(openDoc)).toEqual([200, 'owner'])

    await fetch(`${base}/api/setup`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ username: 'ada', password: 'ada password' }) })
    for (const name of ['bob', 'carol', 'dan']) {
      expect((await ws.workspace.access.addAccount({ username: name, password: `${name} password` })).ok).toBe(true)
    }
    const bob = await signIn('bob', 'bob password')
    const carol = await signIn('carol', 'carol password')
    const dan = await signIn('dan', 'dan password')
    const uploaded = await fetch(`${base}/api/documents`, { method: 'POST', headers: { ...JSON_TYPE, cookie: bob }, body: JSON.stringify({ text: 'bob owns this' }) })
    const bobDoc = ((await uploaded.json()) as { id: string }).id
    const carolId = (await ws.workspace.access.store.findAccountByUsername('carol'))!.id
    await ws.workspace.access.setRole(bobDoc, carolId, 'viewer', 'test')

    expect(await roleOf(bobDoc, bob)).toEqual([200, 'owner'])
    expect(await roleOf(bobDoc, carol)).toEqual([200, 'viewer'])
    expect(await roleOf(bobDoc, dan)).toEqual([404, 'document-not-found'])
    expect(await roleOf(bobDoc)).toEqual([401, 'not-signed-in'])
    await ws.workspace.access.setRole(bobDoc, carolId, 'commenter', 'test')
    expect(await roleOf(bobDoc, carol)).toEqual([200, 'commenter'])
  })
})

describe('sharing routes', () => {
  it('lets an owner invite, create and revoke share links, and read the audit log; others may not', async () => {
    const ws = await startTestWorkspace()
    try {
      const base = ws.workspace.url
      const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ username: 'ada', password: 'ada password' }) })
      const ada = (setup.headers.get('set-cookie') ?? '').split(';')[0]
      await ws.workspace.access.addAccount({ username: 'bob', password: 'bob password' })
      const doc = (await (await fetch(`${base}/api/documents`, { method: 'POST', headers: { ...JSON_TYPE, cookie: ada }, body: JSON.stringify({ text: 'shared text' }) })).json()) as { id: string }

      const invite = await fetch(`${base}/api/documents/${doc.id}/access/bob`, { method: 'PUT', headers: { ...JSON_TYPE, cookie: ada }, body: JSON.stringify({ role: 'viewer' }) })
      expect(invite.status).toBe(204)
      const created = await fetch(`${base}/api/documents/${doc.id}/links`, { method: 'POST', headers: { ...JSON_TYPE, cookie: ada }, body: JSON.stringify({ role: 'annotator', expiresInDays: 7 }) })
      expect(created.status).toBe(201)
      const { token, link } = (await created.json()) as { token: string; link: { id: string; role: string } }
      expect(token).toMatch(/^vs_/)
      expect(link.role).toBe('annotator')

      const listed = (await (await fetch(`${base}/api/documents/${doc.id}/access`, { headers: { cookie: ada } })).json()) as { roles: { username: string; role: string }[]; links: { id: string; revokedAt: string | null }[] }
      // The uploader owns the document; bob was invited.
      expect(listed.roles.map((r) => [r.username, r.role]).sort()).toEqual([['ada', 'owner'], ['bob', 'viewer']])
      expect(listed.links.map((l) => [l.id, l.revokedAt])).toEqual([[link.id, null]])

      const byLink = await fetch(`${base}/api/documents/${doc.id}/text?token=${token}`)
      expect([byLink.status, await byLink.text()]).toEqual([200, 'shared text'])

      const bob = (await fetch(`${base}/api/session`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ username: 'bob', password: 'bob password' }) })).headers.get('set-cookie')!.split(';')[0]
      expect((await fetch(`${base}/api/documents/${doc.id}/access`, { headers: { cookie: bob } })).status).toBe(403)
      expect((await fetch(`${base}/api/documents/${doc.id}/links/${link.id}`, { method: 'DELETE', headers: { cookie: bob } })).status).toBe(403)

      expect((await fetch(`${base}/api/documents/${doc.id}/links/${link.id}`, { method: 'DELETE', headers: { cookie: ada } })).status).toBe(204)
      expect((await fetch(`${base}/api/documents/${doc.id}/text?token=${token}`)).status).toBe(404)

      const audit = (await (await fetch(`${base}/api/documents/${doc.id}/audit`, { headers: { cookie: ada } })).json()) as { action: string }[]
      expect(audit.map((e) => e.action)).toEqual(['role-change', 'role-change', 'share', 'share-revoke'])
    } finally {
      await ws.dispose()
    }
  })
})
