import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness, type User } from './harness'

/*
 * #18 point 7: the split view has one side panel for both panes (two panels left each
 * text a third of a 1280 px screen), panes can scroll together, and nothing overlaps
 * or is clipped at 1280 px.
 */

let harness: Harness
let carol: User
let dan: User
let witnessId: string

const WITNESS = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the second witness, long enough to wrap onto a second line in a pane of the split view.`)

beforeAll(async () => {
  harness = await startHarness()
  carol = await harness.newUser({ name: 'Carol', color: '#15803d' })
  dan = await harness.newUser({ name: 'Dan', color: '#9333ea' })
  witnessId = await harness.uploadText('witness.txt', `${WITNESS.join('\n\n')}\n`)
})
afterAll(async () => harness?.close())

type Box = { name: string; left: number; top: number; right: number; bottom: number }

/** Boxes of the visible elements matching `selector` under `root` (CSS pixels of the viewport). */
function boxes(page: Page, root: string, selector: string): Promise<Box[]> {
  return page.evaluate(([r, s]) => [...document.querySelectorAll(r)].flatMap((container, c) => [...container.querySelectorAll<HTMLElement>(s)].flatMap((el, i) => {
    const box = el.getBoundingClientRect()
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') return []
    return [{ name: `${r}[${c}] ${s}[${i}] ${el.getAttribute('data-testid') ?? el.className ?? el.tagName}`, left: box.left, top: box.top, right: box.right, bottom: box.bottom }]
  })), [root, selector] as const)
}

/** Pairs of boxes that overlap by more than half a pixel each way. */
function overlaps(list: Box[]): string[] {
  const found: string[] = []
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]
      const b = list[j]
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5) found.push(`${a.name} × ${b.name}`)
    }
  }
  return found
}

const scrollTops = (page: Page): Promise<number[]> => page.getByTestId('pane-scroll').evaluateAll((els) => els.map((el) => Math.round(el.scrollTop)))

describe('split view with one side panel', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('lays out two panes and one panel at 1280 px with nothing overlapping or clipped', async () => {
    const { page } = carol
    expect(page.viewportSize()?.width).toBe(1280)
    await openEditor(page, harness.url, `#/split/${encodeURIComponent(harness.sampleId)}/${encodeURIComponent(witnessId)}`, 2)
    await page.getByTestId('split-controls').waitFor()
    expect(await page.getByTestId('side-panel').count()).toBe(1)
    await harness.screenshot(page, 'split-one-panel')

    // The three columns side by side, inside the window, no horizontal scrolling.
    const [left, right] = await boxes(page, '[data-testid="workspace"]', ':scope > [data-testid="editor-pane"]')
    const [panel] = await boxes(page, '[data-testid="workspace"]', ':scope > [data-testid="side-panel"]')
    expect(left.right).toBeLessThanOrEqual(right.left + 0.5)
    expect(right.right).toBeLessThanOrEqual(panel.left + 0.5)
    expect(panel.right).toBeLessThanOrEqual(1280)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280)
    // Each text column keeps a readable width.
    for (const text of await boxes(page, 'body', '.ProseMirror')) expect(text.right - text.left).toBeGreaterThanOrEqual(360)

    // Every control of each pane header lies inside its pane, and none covers another.
    const controls = 'button, select, [data-testid="connection-status"], [data-testid="presence-person"]'
    for (const [index, pane] of [left, right].entries()) {
      const inHeader = (await boxes(page, '[data-testid="editor-pane"]', `.pane-header :is(${controls})`)).filter((b) => b.name.startsWith(`[data-testid="editor-pane"][${index}]`))
      expect(inHeader.length).toBeGreaterThanOrEqual(5)
      for (const b of inHeader) {
        expect(b.left, b.name).toBeGreaterThanOrEqual(pane.left - 0.5)
        expect(b.right, b.name).toBeLessThanOrEqual(pane.right + 0.5)
      }
      expect(overlaps(inHeader)).toEqual([])
    }
    // The panel's controls and tabs lie inside it, none covering another.
    const inPanel = await boxes(page, '[data-testid="side-panel"]', 'button, select, input')
    for (const b of inPanel) {
      expect(b.left, b.name).toBeGreaterThanOrEqual(panel.left - 0.5)
      expect(b.right, b.name).toBeLessThanOrEqual(panel.right + 0.5)
    }
    expect(overlaps(inPanel)).toEqual([])
  })

  it('follows the pane in use: Carol annotates in the right pane through the one panel and Dan sees it', async () => {
    const { page } = carol
    await openEditor(dan.page, harness.url, docRoute(witnessId))
    expect(await page.getByTestId('panel-for-0').getAttribute('aria-pressed')).toBe('true')

    // The keyboard goes into the right pane (its first word selected, as a drag would): the panel follows it, the pane is marked.
    await page.locator('.ProseMirror').nth(1).evaluate(async (editor) => {
      const text = editor.querySelector('p')!.firstChild!
      ;(editor as HTMLElement).focus()
      const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
      const range = document.createRange()
      range.setStart(text, 0)
      range.setEnd(text, 9)
      document.getSelection()!.removeAllRanges()
      document.getSelection()!.addRange(range)
      await read
    })
    await expect.poll(() => page.getByTestId('panel-for-1').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByTestId('editor-pane').evaluateAll((panes) => panes.map((p) => p.getAttribute('data-panel-here')))).toEqual(['false', 'true'])
    await page.keyboard.press('Alt+8')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-input')
    await page.keyboard.type('Which paragraph is this?')
    await page.keyboard.press('Enter')
    const danCard = dan.page.locator('[data-testid="annotation-card"]').filter({ hasText: 'Which paragraph is this?' })
    await danCard.waitFor({ timeout: 15_000 })
    expect(await danCard.locator('.quote, [data-testid="annotation-quote"]').first().textContent()).toContain('Paragraph')
    await harness.screenshot(page, 'split-panel-follows-right-pane')

    // Chosen above the tabs, the panel shows the left pane again (the sample's annotations, none of the witness's).
    await page.getByTestId('panel-for-0').click()
    await expect.poll(() => page.getByTestId('side-panel').locator('[data-testid="annotation-card"]').filter({ hasText: 'Which paragraph is this?' }).count()).toBe(0)
  })

  it('scrolls the two panes together only while "Scroll together" is on', async () => {
    const { page } = carol
    const toggle = page.getByTestId('scroll-together')
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    const scroller = (index: number) => page.getByTestId('pane-scroll').nth(index)
    await scroller(0).evaluate((el) => el.scrollTo(0, 0))
    await scroller(1).evaluate((el) => el.scrollTo(0, 0))
    await expect.poll(() => scrollTops(page)).toEqual([0, 0])

    await scroller(0).evaluate((el) => el.scrollBy(0, 300))
    await expect.poll(() => scrollTops(page)).toEqual([300, 0])

    await toggle.click()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    await scroller(0).evaluate((el) => el.scrollBy(0, 200))
    await expect.poll(() => scrollTops(page)).toEqual([500, 200])
    await scroller(1).evaluate((el) => el.scrollBy(0, -100))
    await expect.poll(() => scrollTops(page)).toEqual([400, 100])

    await toggle.click()
    await scroller(0).evaluate((el) => el.scrollBy(0, 100))
    await expect.poll(() => scrollTops(page)).toEqual([500, 100])
  })
})
