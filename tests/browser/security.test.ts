import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness } from './harness'

/**
 * Issue 14's browser checks of the HTTP layer: a page of another origin (another
 * port on loopback is another origin) can neither read nor write a document, the
 * editor does not render inside another site's frame, and the CSP stops a script
 * injected into the workspace's own page.
 */
describe('browser security', () => {
  let harness: Harness
  let evil: Server
  let evilUrl: string
  let page = ''

  beforeAll(async () => {
    harness = await startHarness()
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(page)
    })
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await harness?.close()
    await new Promise((resolve) => evil?.close(resolve))
  })

  it('a cross-origin page cannot read a document, open its socket, or post a document', async () => {
    const before = ((await (await fetch(`${harness.url}/api/documents`)).json()) as unknown[]).length
    const { page: tab } = await harness.newUser()
    page = '<!doctype html><title>elsewhere</title><form id="f" method="POST" enctype="text/plain"><input name="{&quot;text&quot;:&quot;planted&quot;,&quot;x&quot;:&quot;" value="&quot;}"></form>'
    await tab.goto(`${evilUrl}/`)
    const outcome = await tab.evaluate(async ({ target, id }) => {
      const read = await fetch(`${target}/api/documents/${encodeURIComponent(id)}/text`).then(
        (r) => r.text().then((t) => `read ${t.length}`),
        () => 'blocked',
      )
      const socket = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${target.replace('http', 'ws')}/sync/${encodeURIComponent(id)}`)
        ws.onopen = () => resolve('open')
        ws.onerror = () => resolve('refused')
      })
      const posted = await fetch(`${target}/api/documents`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"text":"planted by fetch"}' }).then(
        () => 'sent',
        () => 'blocked',
      )
      return { read, socket, posted }
    }, { target: harness.url, id: harness.sampleId })
    expect(outcome.read).toBe('blocked')
    expect(outcome.socket).toBe('refused')
    // Whether the opaque request's answer reaches the page is the browser's business; nothing may be stored.
    expect(['sent', 'blocked']).toContain(outcome.posted)
    expect(((await (await fetch(`${harness.url}/api/documents`)).json()) as unknown[]).length).toBe(before)

    await tab.evaluate((target) => {
      const form = document.getElementById('f') as HTMLFormElement
      form.action = `${target}/api/documents`
      form.submit()
    }, harness.url)
    await tab.waitForURL(`${harness.url}/api/documents`)
    await tab.waitForLoadState('load')
    expect(await tab.content()).toContain('forbidden-origin')
    expect(((await (await fetch(`${harness.url}/api/documents`)).json()) as unknown[]).length).toBe(before)
  }, BROWSER_TEST_TIMEOUT)

  it('the editor does not render inside another site\'s frame', async () => {
    const { page: tab } = await harness.newUser({ name: 'Framed', color: '#336699' })
    page = `<!doctype html><title>framing</title><iframe id="victim" width="800" height="600" src="${harness.url}/${docRoute(harness.sampleId)}"></iframe>`
    const refused = new Promise<void>((resolve) => tab.on('console', (message) => /frame-ancestors|Refused to frame/i.test(message.text()) && resolve()))
    await tab.goto(`${evilUrl}/`)
    await refused
    const frame = tab.frames().find((f) => f !== tab.mainFrame())
    expect(frame).toBeDefined()
    const editors = await frame!.evaluate(() => document.querySelectorAll('.ProseMirror').length).catch(() => 0)
    expect(editors).toBe(0)
  }, BROWSER_TEST_TIMEOUT)

  it('the CSP blocks a script injected into the workspace page', async () => {
    const { page: tab } = await harness.newUser({ name: 'Target', color: '#993366' })
    await openEditor(tab, harness.url, docRoute(harness.sampleId))
    const violations = await tab.evaluate(async () => {
      const seen: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective))
      const script = document.createElement('script')
      script.textContent = 'window.__pwned = "script"'
      document.body.appendChild(script)
      const holder = document.createElement('div')
      holder.innerHTML = '<img src="data:," onerror="window.__pwned = \'handler\'">'
      document.body.appendChild(holder)
      await new Promise((resolve) => setTimeout(resolve, 300))
      return { seen, pwned: (window as unknown as { __pwned?: string }).__pwned ?? null }
    })
    expect(violations.pwned).toBeNull()
    expect(violations.seen.filter((d) => d.startsWith('script-src')).length).toBeGreaterThanOrEqual(2)
  }, BROWSER_TEST_TIMEOUT)
})
