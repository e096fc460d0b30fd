import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, caretToStart, docRoute, firstParagraph, openEditor, signIn, startHarness, waitForFirstParagraph, type Harness } from './harness'

/**
 * Issue 14 end to end in Chromium: the first run's administrator setup, sign-in,
 * and three accounts on one document: the owner edits, the annotator's typing into
 * the text reaches nobody, the viewer follows the owner's edits live.
 */
describe('accounts in the browser', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('sets up the administrator, signs in and shares one document by role', async () => {
    const owner = await harness.newUser({ name: 'Before Setup', color: '#336699' })
    await owner.page.goto(`${harness.url}/`)
    await owner.page.getByTestId('open-setup').click()
    const setup = owner.page.getByTestId('session-setup')
    await setup.locator('input[name="username"]').fill('ada')
    await setup.locator('input[name="displayName"]').fill('Ada Owner')
    await setup.locator('input[name="password"]').fill('ada password 1')
    await setup.locator('button[type="submit"]').click()
    await expect.poll(() => owner.page.getByTestId('account-chip').textContent()).toContain('Ada Owner')
    // The session cookie is HttpOnly: the page's script cannot read it.
    expect(await owner.page.evaluate(() => document.cookie)).not.toContain('variorum_session')

    const access = harness.workspace.access
    for (const name of ['ann', 'vic']) expect((await access.addAccount({ username: name, password: `${name} password 1` })).ok).toBe(true)
    const ann = (await access.store.findAccountByUsername('ann'))!
    const vic = (await access.store.findAccountByUsername('vic'))!
    await access.setRole(harness.sampleId, ann.id, 'annotator', 'test')
    await access.setRole(harness.sampleId, vic.id, 'viewer', 'test')

    const wrong = await harness.newUser()
    await wrong.page.goto(`${harness.url}/`)
    const form = wrong.page.getByTestId('session-sign-in')
    await form.locator('input[name="username"]').fill('ann')
    await form.locator('input[name="password"]').fill('not her password')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => wrong.page.getByTestId('session-problem').textContent()).toContain('wrong password')

    const annotator = await harness.newUser()
    const viewer = await harness.newUser()
    await signIn(annotator.page, harness.url, 'ann')
    await signIn(viewer.page, harness.url, 'vic')
    for (const user of [owner, annotator, viewer]) await openEditor(user.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(owner.page)

    // The owner's edit reaches the viewer live.
    await caretToStart(owner.page)
    await owner.page.keyboard.type('OWNER ')
    await waitForFirstParagraph(viewer.page, (text) => text.startsWith('OWNER '))

    // The annotator's text is read only (the server would refuse its change to the text and
    // close its socket; tests/integration cover that with stock clients): typing changes nothing
    // and sends nothing. The owner's next edit arrives everywhere after it, with the socket still open.
    await expect.poll(() => annotator.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    expect(await annotator.page.getByTestId('read-only-note').textContent()).toBe('Annotations only')
    await caretToStart(annotator.page)
    await annotator.page.keyboard.type('ANN ')
    await caretToStart(owner.page)
    await owner.page.keyboard.type('AGAIN ')
    for (const user of [viewer, annotator]) await waitForFirstParagraph(user.page, (text) => text.startsWith('AGAIN '))
    const stored = await (await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/text`, {
      headers: { cookie: (await owner.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    })).text()
    expect(stored.startsWith(`AGAIN OWNER ${original}`)).toBe(true)
    expect(stored).not.toContain('ANN ')
    for (const user of [owner, viewer, annotator]) expect(await firstParagraph(user.page)).toBe(`AGAIN OWNER ${original}`)
    expect(await annotator.page.getAttribute('[data-testid="connection-status"]', 'data-state')).toBe('synced')

    // The owner's Share settings list both accounts and make a link; the server refuses them to the viewer.
    await owner.page.getByTestId('open-share').click()
    const roles = owner.page.getByTestId('share-roles')
    await expect.poll(() => roles.textContent()).toContain('ann')
    expect(await roles.textContent()).toContain('annotator')
    expect(await roles.textContent()).toContain('viewer')
    await owner.page.getByRole('button', { name: 'Create link' }).click()
    await expect.poll(() => owner.page.getByTestId('share-new-link').inputValue()).toMatch(/\/\?token=vs_[A-Za-z0-9_-]+#\/doc\//)
    await viewer.page.getByTestId('open-share').click()
    await expect.poll(() => viewer.page.getByTestId('share-problem').textContent()).toContain('needs the owner role')
  }, BROWSER_TEST_TIMEOUT * 2)
})

describe('share links in the browser', () => {
  it('a guest follows a shared document through its link, and revoking the link cuts the guest off at once', async () => {
    const harness = await startHarness()
    try {
      const access = harness.workspace.access
      const first = await access.createFirstAccount({ username: 'olga', password: 'olga password 1' })
      if (!first.ok) throw new Error(first.reason)
      const { token, link } = await access.createShareLink({ documentId: harness.sampleId, role: 'viewer', expiresAt: null, createdBy: first.account.id })

      const guest = await harness.newUser({ name: 'Guest', color: '#336699' })
      await openEditor(guest.page, harness.url, `?token=${token}${docRoute(harness.sampleId)}`)
      expect(await firstParagraph(guest.page)).not.toBe('')

      await access.revokeShareLink(link.id, first.account.id)
      await guest.page.waitForSelector('[data-testid="connection-status"]:not([data-state="synced"])', { timeout: 5000 })
      const refused = await guest.page.evaluate(async ({ id, value }) => (await fetch(`/api/documents/${encodeURIComponent(id)}/text?token=${value}`)).status, { id: harness.sampleId, value: token })
      expect(refused).toBe(404)
    } finally {
      await harness.close()
    }
  }, BROWSER_TEST_TIMEOUT)
})
