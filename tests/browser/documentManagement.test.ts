import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, shareSample, signIn, startHarness, type Harness } from './harness'

/**
 * Rename and the trash in the browser (issue 14), two accounts: the owner renames
 * and trashes the document, the editor's attempt to trash it is refused with the
 * server's reason and the editor's open editor is cut off; the owner restores it.
 */
describe('rename and trash in the browser', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('an owner renames, trashes and restores; an editor may not trash', async () => {
    await shareSample(harness, [{ username: 'ed', displayName: 'Ed', role: 'editor' }], { displayName: 'Olga' })

    const owner = await harness.newUser()
    const editor = await harness.newUser()
    await signIn(owner.page, harness.url, 'olga')
    await signIn(editor.page, harness.url, 'ed')
    const row = (page: typeof owner.page) => page.locator(`[data-testid="document-row"][data-document-id="${harness.sampleId}"]`)

    // The owner renames it; a bidi override in the title is shown, not applied.
    await row(owner.page).getByTestId('rename-document').click()
    await owner.page.getByTestId('rename-input').fill('Summit speech\u202eevil')
    await owner.page.keyboard.press('Enter')
    await expect.poll(() => row(owner.page).locator('.title').textContent()).toBe('Summit speech⟨U+202E⟩evil')

    // The editor sees the new title, and may not trash the document.
    await editor.page.reload()
    await expect.poll(() => row(editor.page).locator('.title').textContent()).toBe('Summit speech⟨U+202E⟩evil')
    await row(editor.page).getByTestId('trash-document').click()
    await expect.poll(() => row(editor.page).getByTestId('document-problem').textContent()).toContain('needs the owner role')
    await harness.screenshot(editor.page, 'trash-refused-for-editor')

    // The editor opens it; the owner trashes it: the editor is cut off, the list and trash follow.
    await openEditor(editor.page, harness.url, docRoute(harness.sampleId))
    await owner.page.goto(`${harness.url}/`)
    await row(owner.page).getByTestId('trash-document').click()
    await row(owner.page).waitFor({ state: 'detached' })
    await editor.page.waitForSelector('[data-testid="connection-status"]:not([data-state="synced"])')
    const trashRow = owner.page.locator(`[data-testid="trash-row"][data-document-id="${harness.sampleId}"]`)
    await expect.poll(() => trashRow.textContent()).toContain('restorable until')
    await harness.screenshot(owner.page, 'trash-list')

    await trashRow.getByTestId('restore-document').click()
    await row(owner.page).waitFor()
    expect(await owner.page.getByTestId('trash').count()).toBe(0)
    // The editor's page still holds the closed socket (4404 is final): a reload joins again.
    await editor.page.reload()
    await editor.page.waitForSelector('[data-testid="connection-status"][data-state="synced"]')
    const audit = (await harness.workspace.access.store.listAudit(harness.sampleId)).map((e) => e.action).filter((a) => ['rename', 'trash', 'restore'].includes(a))
    expect(audit).toEqual(['rename', 'trash', 'restore'])
  }, BROWSER_TEST_TIMEOUT * 2)

  it('sends a signed-out deep link through sign-in and on to where it pointed (router guard)', async () => {
    // Runs after the test above: the workspace has accounts, Ed may edit the sample.
    const visitor = await harness.newUser()
    await visitor.page.goto(`${harness.url}/${docRoute(harness.sampleId)}@40`)
    await visitor.page.waitForURL((url) => url.hash.startsWith('#/sign-in?next='))
    expect(decodeURIComponent(new URL(visitor.page.url()).hash)).toBe(`#/sign-in?next=/doc/${harness.sampleId}@40`)
    const form = visitor.page.getByTestId('session-sign-in')
    await form.locator('input[name="username"]').fill('ed')
    await form.locator('input[name="password"]').fill('ed password 1')
    await form.locator('button[type="submit"]').click()
    await visitor.page.waitForURL((url) => url.hash === `${docRoute(harness.sampleId)}@40`)
    await visitor.page.waitForSelector('[data-testid="connection-status"][data-state="synced"]')
    // Signed in, the sign-in screen sends the browser on instead of showing the form.
    await visitor.page.goto(`${harness.url}/#/sign-in`)
    await visitor.page.waitForURL((url) => url.hash === '#/')
    expect(await visitor.page.getByTestId('session-sign-in').count()).toBe(0)
  }, BROWSER_TEST_TIMEOUT)
})
