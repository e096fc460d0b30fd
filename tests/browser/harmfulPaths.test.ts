import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, editorParagraphs as paragraphs, selectAtParagraphStart, startHarness, type Harness, type User } from './harness'

/**
 * The everyday paths of issue #18 that damaged the source or lost work, each
 * walked as a person would: after a command, nothing typed may land in the text
 * unless the caret is visibly there; nothing is deleted for good by one click;
 * the first-visit name dialog can be left and found again.
 */

let harness: Harness
let ana: User
let bob: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
})
afterAll(async () => harness?.close())

/** What holds the keyboard focus: a test id, 'editor', or the tag name. */
function focusedThing(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null
    if (!active) return 'nothing'
    if (active.closest('.ProseMirror')) return 'editor'
    return active.dataset.testid ?? active.tagName.toLowerCase()
  })
}

const PANELS = ['annotations', 'duplicates', 'checks'] as const
const SHORTCUTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const

describe('an annotation shortcut moves the focus to the new comment box, whatever panel is open', () => {
  beforeAll(async () => {
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
  })

  for (const panel of PANELS) {
    describe(`with the ${panel} tab open`, () => {
      for (const n of SHORTCUTS) {
        it(`Alt+${n}: the comment typed next and its Enter go into the card, not the text`, async () => {
          const { page } = ana
          await page.getByTestId(`tab-${panel}`).click()
          // A different paragraph per shortcut, so each new card is easy to tell apart.
          const index = n + 1
          await selectAtParagraphStart(page, index, 2)
          const before = await paragraphs(page)
          await page.keyboard.press(`Alt+${n}`)
          await expect.poll(() => focusedThing(page), { timeout: 3000 }).toBe('reply-input')
          // The comment box is where the user can see it.
          const box = page.locator('[data-testid="reply-input"]:focus')
          expect(await box.isVisible()).toBe(true)
          const comment = `comment ${panel} ${n}`
          await page.keyboard.type(comment)
          await page.keyboard.press('Enter')
          const card = page.locator('[data-testid="annotation-card"]', { has: page.locator('[data-testid="comment-text"]', { hasText: comment }) })
          await expect.poll(() => card.count(), { timeout: 3000 }).toBe(1)
          expect(await paragraphs(page)).toEqual(before)
          if (panel === 'annotations' && n === 8) await harness.screenshot(page, 'harm-shortcut-comment-box')
        }, BROWSER_TEST_TIMEOUT)
      }
    })
  }

  it('the Annotate selection button moves the focus to the comment box too', async () => {
    const { page } = ana
    await page.getByTestId('tab-annotations').click()
    await selectAtParagraphStart(page, 12, 2)
    const before = await paragraphs(page)
    await page.getByTestId('annotate-button').click()
    await expect.poll(() => focusedThing(page), { timeout: 3000 }).toBe('reply-input')
    await page.keyboard.type('by the button')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('comment-text').filter({ hasText: 'by the button' }).count(), { timeout: 3000 }).toBe(1)
    expect(await paragraphs(page)).toEqual(before)
  }, BROWSER_TEST_TIMEOUT)
})

describe('fixes keep the focus in the text and preview bulk changes', () => {
  it('Apply fix leaves the caret in the editor at the fix, so Ctrl+Z at once reverts it', async () => {
    const { page } = bob
    await openEditor(page, harness.url, docRoute(harness.sampleId))
    await page.getByTestId('tab-checks').click()
    const breaks = page.locator('[data-testid="check-group"][data-rule="layout-break"] [data-testid="finding"]')
    await breaks.first().waitFor({ timeout: 15_000 })
    const before = await paragraphs(page)
    await breaks.first().getByTestId('apply-fix').click()
    await expect.poll(async () => (await paragraphs(page)).length, { timeout: 3000 }).toBe(before.length - 1)
    expect(await focusedThing(page)).toBe('editor')
    await page.keyboard.press('Control+z')
    await expect.poll(() => paragraphs(page), { timeout: 3000 }).toEqual(before)
  }, BROWSER_TEST_TIMEOUT)

  it('"Apply all N fixes" first shows the changes in a dialog: Escape cancels, Enter on Apply applies', async () => {
    const { page } = bob
    // The previous test's undo changed the text: count the findings of the text as it is now.
    await expect.poll(() => page.getByTestId('checks-panel').getAttribute('data-current'), { timeout: 15_000 }).toBe('true')
    const group = page.locator('[data-testid="check-group"][data-rule="layout-break"]')
    const count = await group.getByTestId('finding').count()
    expect(count).toBeGreaterThan(1)
    const before = await paragraphs(page)
    await page.getByTestId('fix-all-layout-break').click()
    const dialog = page.getByRole('dialog', { name: /apply \d+ fixes/i })
    await dialog.waitFor({ timeout: 3000 })
    expect(await dialog.getByTestId('preview-change').count()).toBe(count)
    await harness.screenshot(page, 'harm-bulk-fix-preview')
    expect(await paragraphs(page)).toEqual(before)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached', timeout: 3000 })
    expect(await paragraphs(page)).toEqual(before)

    await page.getByTestId('fix-all-layout-break').click()
    await dialog.waitFor({ timeout: 3000 })
    expect(await focusedThing(page)).toBe('preview-confirm')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await paragraphs(page)).length, { timeout: 3000 }).toBe(before.length - count)
    expect(await focusedThing(page)).toBe('editor')
    await page.keyboard.press('Control+z')
    await expect.poll(() => paragraphs(page), { timeout: 3000 }).toEqual(before)
  }, BROWSER_TEST_TIMEOUT)
})

describe('nothing deleted for good by one click', () => {
  it('deleting someone else\'s annotation thread offers an undo, and Ctrl+Z brings it back with its comments', async () => {
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
    await ana.page.getByTestId('tab-annotations').click()
    await selectAtParagraphStart(ana.page, 3, 3)
    await ana.page.keyboard.press('Alt+8')
    await expect.poll(() => focusedThing(ana.page), { timeout: 3000 }).toBe('reply-input')
    await ana.page.keyboard.type('keep this thread')
    await ana.page.keyboard.press('Enter')

    const { page } = bob
    await page.getByTestId('tab-annotations').click()
    const card = page.locator('[data-testid="annotation-card"]', { has: page.getByText('keep this thread') })
    await card.waitFor({ timeout: 5000 })
    await card.getByTestId('delete-annotation').click()
    await card.waitFor({ state: 'detached', timeout: 3000 })
    // An undo offer, and the keyboard in the text, where Ctrl+Z undoes.
    const toast = page.getByTestId('undo-toast')
    await toast.waitFor({ timeout: 3000 })
    expect(await toast.textContent()).toMatch(/deleted/i)
    await harness.screenshot(page, 'harm-delete-undo-toast')
    expect(await focusedThing(page)).toBe('editor')
    await page.keyboard.press('Control+z')
    await card.waitFor({ timeout: 3000 })
    expect(await card.getByTestId('comment-text').textContent()).toBe('keep this thread')
    // And Ana sees it again too.
    await ana.page.locator('[data-testid="annotation-card"]', { has: ana.page.getByText('keep this thread') }).waitFor({ timeout: 5000 })
  }, BROWSER_TEST_TIMEOUT)

  it('the undo toast\'s Undo button restores a deleted comment', async () => {
    const { page } = ana
    const card = page.locator('[data-testid="annotation-card"]', { has: page.getByText('keep this thread') })
    await card.locator('[data-testid="comment"]').getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => card.getByTestId('comment-text').count(), { timeout: 3000 }).toBe(0)
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => card.getByTestId('comment-text').allTextContents(), { timeout: 3000 }).toEqual(['keep this thread'])
  }, BROWSER_TEST_TIMEOUT)
})

describe('the first-visit name dialog', () => {
  it('Escape leaves it, and the name chip opens it again at once', async () => {
    const carol = await harness.newUser()
    const { page } = carol
    await page.goto(`${harness.url}/${docRoute(harness.sampleId)}`)
    const dialog = page.getByTestId('identity-dialog')
    await dialog.waitFor({ state: 'visible', timeout: 10_000 })
    // Chromium lets a page refuse the first Escape only: the second one closed the dialog for good.
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden', timeout: 3000 })
    await page.getByTestId('identity-chip').click()
    await dialog.waitFor({ state: 'visible', timeout: 3000 })
    await page.getByRole('textbox', { name: 'Name' }).fill('Carol')
    await page.getByTestId('identity-save').click()
    await dialog.waitFor({ state: 'hidden', timeout: 3000 })
    expect(await page.getByTestId('identity-chip').textContent()).toContain('Carol')
  }, BROWSER_TEST_TIMEOUT)
})

describe('Alt+↓/↑ in the text', () => {
  it('steps from one annotation to the next and back, selecting its card', async () => {
    const { page } = ana
    await openEditor(page, harness.url, docRoute(harness.sampleId))
    await page.getByTestId('tab-annotations').click()
    await page.locator('.ProseMirror p').nth(0).click({ position: { x: 4, y: 6 } })
    await page.keyboard.press('Control+Home')
    const current = page.locator('[data-testid="annotation-card"][aria-current="true"]')
    const selectedText = () => page.evaluate(() => document.getSelection()?.toString() ?? '')
    const visited: string[] = []
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Alt+ArrowDown')
      await expect.poll(async () => (await current.count()) ? current.getAttribute('data-annotation-id') : null, { timeout: 3000 }).not.toBe(visited.at(-1) ?? null)
      visited.push((await current.getAttribute('data-annotation-id'))!)
      // The annotation's text is selected, and the focus stays in the text.
      expect((await selectedText()).length).toBeGreaterThan(0)
      expect(await focusedThing(page)).toBe('editor')
    }
    expect(new Set(visited).size).toBe(3)
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => current.getAttribute('data-annotation-id'), { timeout: 3000 }).toBe(visited[1])
  }, BROWSER_TEST_TIMEOUT)
})
