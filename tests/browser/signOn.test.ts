import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import { TestIdentityProvider } from '../server/access/testIdentityProvider'
import { BROWSER_TEST_TIMEOUT, SCREENSHOT_DIR } from './harness'

/**
 * Single sign-on in Chromium (issue 14): the sign-in screen's "Sign in with …" link
 * goes to a real OpenID Connect provider (oidc-provider), whose login form the user
 * fills; back in the workspace they are signed in to an account made on the spot.
 */
describe('single sign-on in the browser', () => {
  let idp: TestIdentityProvider
  let workspace: RunningWorkspace
  let browser: Browser
  let dataDir: string

  beforeAll(async () => {
    idp = new TestIdentityProvider()
    const issuer = await idp.listen()
    dataDir = await mkdtemp(join(tmpdir(), 'variorum-sign-on-'))
    workspace = await startWorkspace({
      port: 0,
      dataDir,
      documentsDir: 'documents',
      oidc: { issuer, clientId: TestIdentityProvider.CLIENT_ID, clientSecret: TestIdentityProvider.CLIENT_SECRET, allowHttp: true, label: 'Test IdP' },
    })
    idp.configure(`${workspace.url}/api/oidc/callback`)
    idp.people.set('grace', { sub: 'grace', name: 'Grace Hopper', preferred_username: 'grace' })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  })
  afterAll(async () => {
    await browser?.close()
    await workspace?.close()
    await idp?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('signs on through the provider and comes back signed in to a new account that holds no role yet', async () => {
    // An administrator exists, so the workspace asks to sign in.
    const admin = await workspace.access.createFirstAccount({ username: 'olga', password: 'olga password 1' })
    if (!admin.ok) throw new Error(admin.reason)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${workspace.url}/`)
    const link = page.getByTestId('sign-on')
    await expect.poll(() => link.textContent()).toBe('Sign in with Test IdP')
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sign-on-button.png` })
    await link.click()

    // The provider's own login form, then its consent screen.
    await page.waitForURL((url) => url.origin === idp.issuer)
    await page.locator('input[name="login"]').fill('grace')
    await page.locator('input[name="password"]').fill('anything')
    await page.locator('button[type="submit"]').click()
    await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' })
    await page.locator('button[type="submit"]').click()

    // Back home; the router may add its `#/` to the address.
    await page.waitForURL((url) => url.origin === workspace.url && url.pathname === '/' && url.search === '')
    await expect.poll(() => page.getByTestId('account-chip').textContent()).toContain('Grace Hopper')
    await page.screenshot({ path: `${SCREENSHOT_DIR}/sign-on-signed-in.png` })
    const grace = (await workspace.access.store.findAccountByUsername('grace'))!
    expect(grace.isAdmin).toBe(false)
    // A new account holds no role: the documents the administrator owns are not listed for it.
    const olga = await workspace.access.signIn('olga', 'olga password 1')
    if (!olga.ok) throw new Error(olga.reason)
    const owned = (await (await fetch(`${workspace.url}/api/documents`, { headers: { cookie: `variorum_session=${olga.sessionId}` } })).json()) as unknown[]
    expect(owned.length).toBeGreaterThan(0)
    expect(await page.evaluate(async () => ((await (await fetch('/api/documents')).json()) as unknown[]).length)).toBe(0)

    // A failed sign-on (the callback without a sign-on under way) comes back with a message.
    await page.goto(`${workspace.url}/api/oidc/callback?code=x&state=y`)
    await page.waitForURL((url) => url.origin === workspace.url && url.search === '?sign-on-error=refused')
    await context.clearCookies()
    await page.reload()
    await expect.poll(() => page.getByTestId('session-problem').textContent()).toContain('did not complete')
    await context.close()
  }, BROWSER_TEST_TIMEOUT)
})
