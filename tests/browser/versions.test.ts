import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, caretToParagraphEnd, caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness, type User } from './harness'

let harness: Harness
let alice: User
let bob: User
let original = ''

beforeAll(async () => {
  // Bob's edit right after Alice's passes the turn (by default only after 10 s of her quiet,
  // tests/server/history/authorSessions.test.ts): this test is about how versions are shown.
  harness = await startHarness({ handoverGapMs: 0 })
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

    // Grouped by author and time: Alice's session ended when Bob began typing.
    const entries = await alice.page.locator('[data-testid="versions-list"] li').evaluateAll((els) =>
      els.map((el) => [el.querySelector('strong')?.textContent, [...el.querySelectorAll('.author')].map((a) => a.textContent)]))
    expect(entries).toEqual([['after both edited', ['Bob']], ['Automatic version', ['Alice']], ['as loaded', ['original']]])

    /** What the version view in the pane shows as added: [text, author, underline colour], white space alone left out. */
    const addedInPane = async (): Promise<(string | null | undefined)[][]> => {
      await alice.page.getByTestId('version-view').locator('.version-added').first().waitFor()
      const pieces = await alice.page.getByTestId('version-view').locator('.version-added')
        .evaluateAll((els) => els.map((el) => [el.textContent, el.getAttribute('data-author'), getComputedStyle(el).borderBottomColor]))
      return pieces.filter(([text]) => text?.trim()).map(([text, author, color]) => [text?.trim(), author, color])
    }
    await selectVersion(alice.page, 'Automatic version')
    await alice.page.locator('[data-testid="version-text"] ins', { hasText: 'Alice' }).waitFor()
    // Each in the colour the author chose, in the panel and in the pane.
    expect(await addedInPane()).toEqual([['Alice was here.', 'Alice', 'rgb(190, 18, 60)']])
    await harness.screenshot(alice.page, 'versions-alice-session')

    await selectVersion(alice.page, 'after both edited')
    const added = alice.page.locator('[data-testid="version-text"] ins', { hasText: 'Bob' })
    await added.waitFor()
    expect(await added.evaluate((el) => [el.textContent?.trim(), el.getAttribute('data-author'), getComputedStyle(el).borderBottomColor]))
      .toEqual(['[Bob]', 'Bob', 'rgb(29, 78, 216)'])
    expect(await alice.page.locator('[data-testid="version-text"] del').count()).toBe(0)
    await harness.screenshot(alice.page, 'versions-changes-by-author')

    // The version replaces the live editor in the pane: read-only, the same colours, a banner.
    const versionView = alice.page.getByTestId('version-view')
    await expect.poll(addedInPane).toEqual([['[Bob]', 'Bob', 'rgb(29, 78, 216)']])
    expect(await alice.page.getByTestId('version-banner').textContent()).toMatch(/^Viewing version \d+ \(read-only\)\s*Back to the present\s*Restore this version\s*Compare with now$/)
    expect(await alice.page.locator('.editor-mount:not(.version-mount)').isVisible()).toBe(false)
    const readOnly = versionView.locator('.ProseMirror')
    expect(await readOnly.getAttribute('contenteditable')).toBe('false')
    expect(await readOnly.locator('p').first().textContent()).toBe(`Alice was here. ${original} [Bob]`)
    await harness.screenshot(alice.page, 'versions-open-in-editor')
    // Typing into it changes nothing, there or in the document.
    const shown = await readOnly.textContent()
    await readOnly.click({ position: { x: 20, y: 20 } })
    await alice.page.keyboard.type('xyz')
    await alice.page.keyboard.press('Backspace')
    await alice.page.keyboard.press('Enter')
    expect(await readOnly.textContent()).toBe(shown)
    expect(await firstParagraph(alice.page)).toBe(`Alice was here. ${original} [Bob]`)
    expect(await firstParagraph(bob.page)).toBe(`Alice was here. ${original} [Bob]`)
    // Back to the present from the keyboard.
    await alice.page.getByTestId('version-back').focus()
    await alice.page.keyboard.press('Enter')
    await versionView.waitFor({ state: 'detached' })
    expect(await alice.page.locator('.editor-mount:not(.version-mount)').isVisible()).toBe(true)
    await harness.screenshot(alice.page, 'versions-back-to-present')
    // Opened again, Escape leaves it too; the banner had the focus, so no pointer is needed.
    await selectVersion(alice.page, 'after both edited')
    await versionView.waitFor()
    await expect.poll(() => alice.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('version-banner')
    await alice.page.keyboard.press('Escape')
    await versionView.waitFor({ state: 'detached' })
  })

  it('compares a version with now, deletions marked', async () => {
    // Select "Alice " and delete it with one key press (one transaction). The selection is set in
    // the DOM and ProseMirror's reading of it ('selectionchange') awaited, as caretToParagraphEnd
    // does: with Shift+ArrowRight the DOM could show the six characters while ProseMirror still
    // held fewer when Delete arrived.
    await caretToStart(bob.page)
    const selected = await bob.page.evaluate(async () => {
      const paragraph = document.querySelector('.ProseMirror p')!
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => node.parentElement?.closest('.ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
      })
      const first = walker.nextNode() as Text
      const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
      document.getSelection()!.setBaseAndExtent(first, 0, first, 6)
      await read
      return document.getSelection()!.toString()
    })
    expect(selected).toBe('Alice ')
    await bob.page.keyboard.press('Delete')
    await waitForFirstParagraph(alice.page, (text) => text === `was here. ${original} [Bob]`)
    await selectVersion(alice.page, 'after both edited')
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
