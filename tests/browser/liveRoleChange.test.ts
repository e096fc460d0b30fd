import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, caretToStart, docRoute, firstParagraph, openEditor, shareSample, signIn, startHarness, waitForFirstParagraph, type Harness } from './harness'

/**
 * Issue 14 in Chromium, two accounts: the owner lowers the other account's role in
 * the Share dialog while both have the document open. The other's editor turns read
 * only at once, without a reload (the server tells its socket the new role), and
 * what it types afterwards changes nothing anywhere; raised again, it edits again.
 */
describe('a role changed by the owner, live', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  /** Counts the sync sockets of `page` that close. */
  function countClosedSockets(page: Page): { closed: number } {
    const count = { closed: 0 }
    page.on('websocket', (socket) => {
      if (socket.url().includes('/sync')) socket.on('close', () => count.closed++)
    })
    return count
  }

  /** Sets `username`'s role through the owner's Share dialog, as an owner does. */
  async function shareAs(owner: Page, username: string, role: string): Promise<void> {
    await owner.getByTestId('open-share').click()
    const dialog = owner.getByTestId('share-dialog')
    await dialog.locator('input[name="invitee"]').fill(username)
    await dialog.locator('select[name="inviteRole"]').selectOption(role)
    await dialog.getByRole('button', { name: 'Invite' }).click()
    await expect.poll(() => dialog.getByTestId('share-roles').textContent()).toContain(`(${username}): ${role}`)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await owner.locator('.ProseMirror').first().waitFor()
  }

  async function storedText(cookieOf: Page): Promise<string> {
    const cookies = await cookieOf.context().cookies()
    const response = await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/text`, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    })
    return response.text()
  }

  it('turns the lowered editor read only without a reload; its typing changes nothing anywhere; raised again, it edits', async () => {
    await shareSample(harness, [{ username: 'eve', displayName: 'Eve Editor', role: 'editor' }])
    const owner = await harness.newUser()
    const eve = await harness.newUser()
    const eveSockets = countClosedSockets(eve.page)
    await signIn(owner.page, harness.url, 'olga')
    await signIn(eve.page, harness.url, 'eve')
    for (const user of [owner, eve]) await openEditor(user.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(owner.page)
    // Survives only if the page is not reloaded.
    await eve.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))

    // Eve edits as an editor.
    await caretToStart(eve.page)
    await eve.page.keyboard.type('EVE ')
    await waitForFirstParagraph(owner.page, (text) => text.startsWith('EVE '))
    expect(await eve.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true')

    // The owner makes her a viewer: her editor turns read only, with the note saying why.
    await shareAs(owner.page, 'eve', 'viewer')
    await expect.poll(() => eve.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    expect(await eve.page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true')
    expect(await eve.page.getByTestId('read-only-note').textContent()).toBe('Read only')
    expect(await eve.page.getByTestId('annotate-button').isDisabled()).toBe(true)
    await harness.screenshot(eve.page, 'live-role-lowered')

    // What she types now changes nothing: not her text, not the owner's, not the store.
    await caretToStart(eve.page)
    await eve.page.keyboard.type('AS VIEWER ')
    await eve.page.keyboard.press('Backspace')
    await caretToStart(owner.page)
    await owner.page.keyboard.type('OWNER ')
    // The owner's later edit reaches Eve: had she sent anything, it would have arrived first.
    await waitForFirstParagraph(eve.page, (text) => text.startsWith('OWNER '))
    expect(await firstParagraph(eve.page)).toBe(`OWNER EVE ${original}`)
    expect(await firstParagraph(owner.page)).toBe(`OWNER EVE ${original}`)
    expect((await storedText(owner.page)).startsWith(`OWNER EVE ${original}`)).toBe(true)
    expect(await storedText(owner.page)).not.toContain('AS VIEWER')
    // Nothing was refused: she sent nothing, her socket stayed open, the page was not reloaded.
    expect(eveSockets.closed).toBe(0)
    expect(await eve.page.getAttribute('[data-testid="connection-status"]', 'data-state')).toBe('synced')
    expect(await eve.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)

    // Raised to editor again, she edits again, still without a reload.
    await shareAs(owner.page, 'eve', 'editor')
    await expect.poll(() => eve.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true')
    await caretToStart(eve.page)
    await eve.page.keyboard.type('AGAIN ')
    await waitForFirstParagraph(owner.page, (text) => text.startsWith('AGAIN '))
    expect(await firstParagraph(owner.page)).toBe(`AGAIN OWNER EVE ${original}`)
    expect(eveSockets.closed).toBe(0)
    expect(await eve.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  }, BROWSER_TEST_TIMEOUT * 2)
})
