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
})
