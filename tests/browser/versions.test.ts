import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, caretToParagraphEnd, caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness, type User } from './harness'

let harness: Harness
let alice: User
let bob: User
let original = ''

beforeAll(async () => {
  harness = await startHarness()
  alice = await harness.newUser({ name: 'Alice', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
})
afterAll(async () => harness?.close())

async function openVersions(page: Page): Promise<void> {
  await page.getByTestId('tab-versions').click()
  await page.getByTestId('versions-panel').waitFor()
}

async function nameCurrent(page: Page, name: string): Promise<void> {
  await page.getByTestId('version-name').fill(name)
  await page.getByTestId('version-name-submit').click()
  await page.locator('[data-testid="versions-list"] strong', { hasText: name }).waitFor()
}

async function selectVersion(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid="versions-list"] .item-main', { hasText: name }).click()
  await page.getByTestId('version-text').waitFor()
}

describe('the Versions tab with two users', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('lists versions, names them, and shows each author\'s additions in their colour', async () => {
    await openEditor(alice.page, harness.url, docRoute(harness.sampleId))
    await openEditor(bob.page, harness.url, docRoute(harness.sampleId))
    original = await firstParagraph(alice.page)
    await openVersions(alice.page)
    await nameCurrent(alice.page, 'as loaded')

    await caretToStart(alice.page)
    await alice.page.keyboard.insertText('Alice was here. ')
    await waitForFirstParagraph(bob.page, (text) => text === `Alice was here. ${original}`)
    await caretToParagraphEnd(bob.page)
    await bob.page.keyboard.insertText(' [Bob]')
    await waitForFirstParagraph(alice.page, (text) => text === `Alice was here. ${original} [Bob]`)
    await nameCurrent(alice.page, 'after both edited')

    const entry = alice.page.locator('[data-testid="versions-list"] li', { hasText: 'after both edited' })
    expect(await entry.locator('.author').allTextContents()).toEqual(['Alice', 'Bob'])
    await selectVersion(alice.page, 'after both edited')
    const added = alice.page.locator('[data-testid="version-text"] ins')
    await added.first().waitFor()
    const pieces = await added.evaluateAll((els) => els.map((el) => [el.textContent, el.getAttribute('data-author'), getComputedStyle(el).borderBottomColor]))
    // The aligner may pair white space differently (a space and a paragraph break); the words are each author's.
    const words = pieces.filter(([text]) => text?.trim()).map(([text, author, color]) => [text?.trim(), author, color])
    expect(words.map(([text, author]) => [text, author])).toEqual([['Alice was here.', 'Alice'], ['[Bob]', 'Bob']])
    // Each in the colour the author chose.
    expect(words.map(([, , color]) => color)).toEqual(['rgb(190, 18, 60)', 'rgb(29, 78, 216)'])
    expect(await alice.page.locator('[data-testid="version-text"] del').count()).toBe(0)
    await harness.screenshot(alice.page, 'versions-changes-by-author')
  })

  it('compares a version with now, deletions marked', async () => {
    // Select "Alice " and delete it with one key press (one transaction); check the selection first,
    // as a loaded machine may still be placing the caret when the keys arrive.
    await expect.poll(async () => {
      await caretToStart(bob.page)
      for (let i = 0; i < 6; i++) await bob.page.keyboard.press('Shift+ArrowRight')
      return bob.page.evaluate(() => window.getSelection()?.toString())
    }, { timeout: 15_000 }).toBe('Alice ')
    await bob.page.keyboard.press('Delete')
    await waitForFirstParagraph(alice.page, (text) => text === `was here. ${original} [Bob]`)
    await alice.page.getByTestId('mode-now').click()
    await alice.page.locator('[data-testid="version-text"][data-mode="now"]').waitFor()
    const deleted = await alice.page.locator('[data-testid="version-text"] del').allTextContents()
    expect(deleted.join('')).toBe('Alice ')
    await harness.screenshot(alice.page, 'versions-compare-with-now')

    // The same comparison in the compare view, in a page of its own.
    const href = await alice.page.getByTestId('open-version-compare').getAttribute('href')
    expect(href).toMatch(/^#\/compare\/.+\/v\d+\/now$/)
    const page = await alice.context.newPage()
    await page.goto(`${harness.url}/${href}`)
    await page.getByTestId('compare-summary').waitFor()
    expect(await page.getByTestId('compare-summary').textContent()).toMatch(/^\s*1 difference/)
    await harness.screenshot(page, 'versions-compare-view')
    await page.close()
  })

  it('restores a passage of an old version for both users, and Ctrl+Z undoes it', async () => {
    const present = await firstParagraph(alice.page)
    await alice.page.getByTestId('mode-since').click()
    await selectVersion(alice.page, 'as loaded')
    // Select the first paragraph's first ten characters in the version view.
    await alice.page.evaluate(() => {
      const span = document.querySelector('[data-testid="version-text"] [data-kind="same"]')!
      const text = span.firstChild!
      const range = document.createRange()
      range.setStart(text, 0)
      range.setEnd(text, 10)
      const selection = window.getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
    })
    await alice.page.getByTestId('restore-passage').click()
    await waitForFirstParagraph(bob.page, (text) => text === original)
    await waitForFirstParagraph(alice.page, (text) => text === original)
    await expect(alice.page.getByTestId('versions-message').textContent()).resolves.toContain('Ctrl+Z')
    await harness.screenshot(bob.page, 'versions-restored-passage-bob')

    await alice.page.locator('.ProseMirror').first().click({ position: { x: 5, y: 5 } })
    await alice.page.keyboard.press('Control+z')
    await waitForFirstParagraph(bob.page, (text) => text === present)
    await waitForFirstParagraph(alice.page, (text) => text === present)
  })
})
