import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caretToParagraphEnd, caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness, type User, BROWSER_TEST_TIMEOUT } from './harness'

let harness: Harness
let alice: User
let bob: User

beforeAll(async () => {
  harness = await startHarness()
  alice = await harness.newUser()
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
})
afterAll(async () => harness?.close())

describe('two users in the sample document', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('asks a first-time visitor for a name and colour, and lists the sample', async () => {
    const { page } = alice
    await page.goto(`${harness.url}/#/`)
    const dialog = page.getByTestId('identity-dialog')
    await dialog.waitFor()
    await harness.screenshot(page, 'identity-dialog')
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Alice')
    await page.getByLabel('Colour #be123c').check()
    await page.getByTestId('identity-save').click()
    await dialog.waitFor({ state: 'detached' })
    await expect(page.getByTestId('identity-chip').textContent()).resolves.toContain('Alice')
    const row = page.locator(`[data-testid="document-row"][data-document-id="${harness.sampleId}"]`)
    await row.waitFor()
    expect(await row.textContent()).toMatch(/\d[\d,]* characters/)
    await harness.screenshot(page, 'document-list')
  })

  it('shows text typed by one in the other, with each one’s cursor labelled by name', async () => {
    await openEditor(alice.page, harness.url, docRoute(harness.sampleId))
    await openEditor(bob.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(bob.page)

    await caretToStart(alice.page)
    await alice.page.keyboard.type('Alice was here. ')
    await waitForFirstParagraph(bob.page, (text) => text === `Alice was here. ${original}`)

    await caretToParagraphEnd(bob.page)
    await bob.page.keyboard.type(' [Bob]')
    await waitForFirstParagraph(alice.page, (text) => text === `Alice was here. ${original} [Bob]`)

    const bobCursorAtAlice = alice.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Bob' })
    const aliceCursorAtBob = bob.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Alice' })
    await bobCursorAtAlice.waitFor()
    await aliceCursorAtBob.waitFor()
    expect(await bobCursorAtAlice.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(29, 78, 216)')

    const names = await bob.page.getByTestId('presence-person').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names.sort()).toEqual(['Alice', 'Bob'])
    await harness.screenshot(alice.page, 'collaboration-alice')
    await harness.screenshot(bob.page, 'collaboration-bob')
  })

  it('shows a changed name and colour to the others at once', async () => {
    await bob.page.getByTestId('identity-chip').click()
    await bob.page.getByRole('textbox', { name: 'Name', exact: true }).fill('Robert')
    await bob.page.getByLabel('Colour #15803d').check()
    await bob.page.getByTestId('identity-save').click()
    await alice.page.locator('[data-testid="presence-person"][data-name="Robert"]').waitFor()
    expect(await alice.page.locator('[data-testid="presence-person"][data-name="Bob"]').count()).toBe(0)
    await caretToStart(bob.page)
    const cursor = alice.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Robert' })
    await cursor.waitFor()
    expect(await cursor.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(21, 128, 61)')
    // Kept for the next visit.
    expect(await bob.page.evaluate(() => localStorage.getItem('variorum.identity'))).toBe(JSON.stringify({ name: 'Robert', color: '#15803d' }))
  })

  it('undoes one’s own edit but not the other user’s', async () => {
    const before = await firstParagraph(alice.page)
    // Yjs' UndoManager merges edits less than 500 ms apart into one undo step;
    // keep this edit apart from Alice's typing in the previous test.
    await alice.page.waitForTimeout(600)
    await caretToStart(alice.page)
    // One input event, so one undo step however slow the machine types.
    await alice.page.keyboard.insertText('AAA')
    await waitForFirstParagraph(bob.page, (text) => text === `AAA${before}`)
    // Bob types after Alice, so a shared history would undo Bob's edit first.
    await caretToParagraphEnd(bob.page)
    await bob.page.keyboard.type('BBB')
    await waitForFirstParagraph(alice.page, (text) => text === `AAA${before}BBB`)

    await alice.page.keyboard.press('Control+z')
    await waitForFirstParagraph(alice.page, (text) => text === `${before}BBB`)
    await waitForFirstParagraph(bob.page, (text) => text === `${before}BBB`)

    await alice.page.keyboard.press('Control+Shift+z')
    await waitForFirstParagraph(bob.page, (text) => text === `AAA${before}BBB`)
  })
})
