import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness, type User, BROWSER_TEST_TIMEOUT } from './harness'

let harness: Harness
let carol: User
let dan: User

beforeAll(async () => {
  harness = await startHarness()
  carol = await harness.newUser({ name: 'Carol', color: '#15803d' })
  dan = await harness.newUser({ name: 'Dan', color: '#9333ea' })
})
afterAll(async () => harness?.close())

const scrollTops = (user: User): Promise<number[]> =>
  user.page.getByTestId('pane-scroll').evaluateAll((els) => els.map((el) => Math.round(el.scrollTop)))

describe('side-by-side view', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('opens a second pane on the same document from the single view', async () => {
    await openEditor(carol.page, harness.url, docRoute(harness.sampleId))
    await carol.page.getByTestId('open-split').click()
    await carol.page.waitForFunction(() => document.querySelectorAll('.ProseMirror').length === 2)
    expect(carol.page.url()).toContain(`#/split/${encodeURIComponent(harness.sampleId)}/`)
    await expect(carol.page.getByRole('region', { name: /^Left pane/ }).count()).resolves.toBe(1)
    await expect(carol.page.getByRole('region', { name: /^Right pane/ }).count()).resolves.toBe(1)
  })

  it('shows two places of one document, scrolling independently, both live', async () => {
    const route = `#/split/${encodeURIComponent(harness.sampleId)}/${encodeURIComponent(harness.sampleId)}@5000`
    await openEditor(carol.page, harness.url, route, 2)
    await carol.page.waitForFunction(() => (document.querySelectorAll('[data-testid="pane-scroll"]')[1]?.scrollTop ?? 0) > 200)
    const [left, right] = await scrollTops(carol)
    expect(left).toBe(0)

    // Scrolling one pane leaves the other where it is.
    await carol.page.getByTestId('pane-scroll').nth(0).evaluate((el) => el.scrollBy(0, 300))
    expect(await scrollTops(carol)).toEqual([300, right])

    // An edit in the left pane shows in the right one (same Y.Doc), and a
    // remote user's edit shows in both.
    const original = await firstParagraph(carol.page, 1)
    await carol.page.getByTestId('pane-scroll').nth(0).evaluate((el) => el.scrollTo(0, 0))
    await caretToStart(carol.page, 0)
    await carol.page.keyboard.type('左')
    await waitForFirstParagraph(carol.page, (text) => text === `左${original}`, 1)

    await openEditor(dan.page, harness.url, docRoute(harness.sampleId))
    await waitForFirstParagraph(dan.page, (text) => text === `左${original}`)
    await caretToStart(dan.page)
    await dan.page.keyboard.type('丹')
    await waitForFirstParagraph(carol.page, (text) => text === `丹左${original}`, 0)
    await waitForFirstParagraph(carol.page, (text) => text === `丹左${original}`, 1)
    // The remote edit did not move the right pane's place in the document.
    expect((await scrollTops(carol))[1]).toBe(right)

    // Dan is shown once in each pane's presence bar, Carol once (one session per document).
    const names = await carol.page.getByTestId('presence-bar').nth(1).getByTestId('presence-person').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
    expect(names.sort()).toEqual(['Carol', 'Dan'])
    await carol.page.getByTestId('pane-scroll').nth(0).evaluate((el) => el.scrollTo(0, 0))
    await harness.screenshot(carol.page, 'split-view')
  })

  it('shows a different document in each pane when one is chosen', async () => {
    const second = { id: await harness.uploadText('second-witness.txt', '第二个见证本\n\n另一段文字。\n') }
    await carol.page.reload()
    await carol.page.waitForFunction(() => document.querySelectorAll('.ProseMirror').length === 2)
    await carol.page.getByLabel('Document in the right pane').selectOption(second.id)
    await carol.page.waitForFunction((id) => document.querySelectorAll('[data-testid="editor-pane"]')[1]?.getAttribute('data-document-id') === id, second.id)
    await waitForFirstParagraph(carol.page, (text) => text === '第二个见证本', 1)
    expect(carol.page.url()).toMatch(new RegExp(`#/split/${encodeURIComponent(harness.sampleId)}(@\\d+)?/${second.id}$`))
    expect(await firstParagraph(carol.page, 0)).toMatch(/^丹左/)
    await carol.page.getByLabel('Document in the right pane').selectOption(harness.sampleId)
    await carol.page.waitForFunction(() => document.querySelectorAll('[data-testid="connection-status"][data-state="synced"]').length === 2)
  })

  it('reaches both panes from the keyboard, each with its own label', async () => {
    const page = carol.page
    const nextEditor = async (key: string): Promise<string | null> => {
      // Each pane's page is a tab stop of its own too (a scrollable region), hence more presses than controls.
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press(key)
        const label = await page.evaluate(() =>
          document.activeElement?.classList.contains('ProseMirror') ? (document.activeElement.closest('section')?.getAttribute('aria-label') ?? null) : null,
        )
        if (label) return label
      }
      return null
    }
    await page.locator('.ProseMirror').nth(0).focus()
    // Tab leaves the left text (Tab is not captured: no keyboard trap) and
    // passes the right pane's controls before its text; Shift+Tab comes back.
    expect(await nextEditor('Tab')).toMatch(/^Right pane: /)
    expect(await nextEditor('Shift+Tab')).toMatch(/^Left pane: /)
  })
})
