import { readdirSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDocument, startTestWorkspace, type TestWorkspace } from '../../integration/testWorkspace'

/** A raw request, so Host and Origin can be anything (fetch forbids setting them). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** Status of a websocket upgrade with these headers: 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers })
    socket.on('open', () => {
      socket.close()
      resolve(101)
    })
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    socket.on('error', () => resolve(0))
  })
}

describe('HTTP security', () => {
  let ws: TestWorkspace
  const lines: string[] = []

  beforeEach(async () => {
    lines.length = 0
    ws = await startTestWorkspace({ log: (line) => lines.push(line), httpLimits: { signInPerMinute: 5 } })
  })
  afterEach(async () => {
    await ws.dispose()
  })

  it('sends the security headers on pages and API answers', async () => {
    for (const path of ['/healthz', '/api/documents', '/doc/x']) {
      const response = await fetch(`${ws.workspace.url}${path}`)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain("script-src 'unsafe-inline'")
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('answers only configured host names', async () => {
    const wrong = await raw(`${ws.workspace.url}/healthz`, { headers: { host: `evil.example:${ws.workspace.port}` } })
    expect(wrong.status).toBe(421)
    expect(JSON.parse(wrong.body).error.id).toBe('unknown-host')
    const right = await raw(`${ws.workspace.url}/healthz`, { headers: { host: `localhost:${ws.workspace.port}` } })
    expect(right.status).toBe(200)
  })

  it('refuses a cross-site text/plain POST and a cross-site socket, accepts its own origin', async () => {
    const body = JSON.stringify({ text: 'planted' })
    const cross = await raw(`${ws.workspace.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body,
    })
    expect(cross.status).toBe(403)
    expect(JSON.parse(cross.body).error.id).toBe('forbidden-origin')
    expect(await (await fetch(`${ws.workspace.url}/api/documents`)).json()).toEqual([])

    const own = await raw(`${ws.workspace.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ws.workspace.url },
      body: 'planted by the workspace itself',
    })
    expect(own.status).toBe(201)
    const id = (JSON.parse(own.body) as { id: string }).id

    expect(await upgradeStatus(`${ws.syncUrl}/${id}`, { origin: 'http://evil.example' })).toBe(403)
    expect(await upgradeStatus(`${ws.syncUrl}/${id}`, { origin: ws.workspace.url })).toBe(101)
  })

  it('signs up the first account, signs in and out, and limits sign-in attempts', async () => {
    const base = ws.workspace.url
    const json = { 'content-type': 'application/json' }
    expect(await (await fetch(`${base}/api/session`)).json()).toEqual({ firstRun: true, account: null, principal: null })

    const password = 'correct horse battery staple'
    const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'ada', password }) })
    expect(setup.status).toBe(201)
    const cookie = setup.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^variorum_session=[A-Za-z0-9_-]+;/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).not.toContain('Secure')
    const session = cookie.split(';')[0]
    const me = (await (await fetch(`${base}/api/session`, { headers: { cookie: session } })).json()) as { firstRun: boolean; account: { id: string; username: string; isAdmin: boolean }; principal: unknown }
    expect(me.firstRun).toBe(false)
    expect(me.account.username).toBe('ada')
    expect(me.account.isAdmin).toBe(true)
    // The id the browser writes as `authorId` (docs/DATA-MODEL.md) is the account's.
    expect(me.principal).toEqual({ kind: 'account', id: me.account.id, name: 'ada' })

    const again = await fetch(`${base}/api/setup`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'eve', password }) })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { id: string } }).error.id).toBe('already-set-up')

    const out = await fetch(`${base}/api/session`, { method: 'DELETE', headers: { cookie: session } })
    expect(out.status).toBe(204)
    expect(((await (await fetch(`${base}/api/session`, { headers: { cookie: session } })).json()) as { account: unknown }).account).toBeNull()

    const statuses: number[] = []
    for (let attempt = 0; attempt < 6; attempt++) {
      const wrong = await fetch(`${base}/api/session`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'ada', password: `wrong password ${attempt}\nforged log line` }) })
      statuses.push(wrong.status)
      if (wrong.status === 401) expect(((await wrong.json()) as { error: { id: string } }).error.id).toBe('invalid-credentials')
      else expect(((await wrong.json()) as { error: { id: string } }).error.id).toBe('rate-limited')
    }
    // 5 sign-in attempts a minute from one address (setup has its own count): the sixth is refused unread.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])

    // Neither the password nor a session id is stored or logged in clear.
    for (const file of readdirSync(ws.dataDir)) {
      const bytes = readFileSync(join(ws.dataDir, file))
      expect(bytes.includes(password)).toBe(false)
      expect(bytes.includes(session.split('=')[1])).toBe(false)
    }
    const logged = lines.join('\n')
    expect(logged).not.toContain(password)
    expect(logged).not.toContain('forged log line\n')
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
  })

  it('changes the password: the old one and every session stop working', async () => {
    const base = ws.workspace.url
    const json = { 'content-type': 'application/json' }
    const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'ada', password: 'first password' }) })
    const session = (setup.headers.get('set-cookie') ?? '').split(';')[0]
    const change = (current: string, cookie?: string) =>
      fetch(`${base}/api/session/password`, { method: 'POST', headers: { ...json, ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ current, password: 'second password' }) })
    expect((await change('first password')).status).toBe(401)
    const wrong = await change('not the password', session)
    expect([wrong.status, ((await wrong.json()) as { error: { id: string } }).error.id]).toEqual([401, 'invalid-credentials'])
    expect((await change('first password', session)).status).toBe(204)
    expect(((await (await fetch(`${base}/api/session`, { headers: { cookie: session } })).json()) as { account: unknown }).account).toBeNull()
    const signIn = (password: string) => fetch(`${base}/api/session`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'ada', password }) })
    expect((await signIn('first password')).status).toBe(401)
    expect((await signIn('second password')).status).toBe(200)
  })

  it("tells a share link's guest the principal it writes as, and nobody for a revoked link", async () => {
    const base = ws.workspace.url
    const access = ws.workspace.access
    const first = await access.createFirstAccount({ username: 'ada', password: 'first password' })
    if (!first.ok) throw new Error(first.reason)
    const signedIn = await access.signIn('ada', 'first password')
    if (!signedIn.ok) throw new Error(signedIn.reason)
    const documentId = await createTestDocument(base, 'Shared text.\n', 'Shared', `variorum_session=${signedIn.sessionId}`)
    const { token, link } = await access.createShareLink({ documentId, role: 'commenter', expiresAt: null, createdBy: first.account.id })
    const asGuest = async () => (await (await fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${token}` } })).json()) as { account: unknown; principal: unknown }
    expect(await asGuest()).toEqual({ firstRun: false, account: null, principal: { kind: 'share', id: `share:${link.id}`, name: 'Guest' } })
    await access.revokeShareLink(link.id, first.account.id)
    expect((await asGuest()).principal).toBeNull()
  })
})
