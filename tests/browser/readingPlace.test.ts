import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { docRoute, openEditor, paneTopParagraph, settledPaneTop, startHarness, type Harness, type User } from './harness'
import { chineseBook } from '../../bench/book/chineseText'

/**
 * The reading place is kept across reloads (issue #21, point 2), by paragraph,
 * so another user's paragraphs added above it meanwhile do not move the reader
 * elsewhere; an address naming a place still goes there, and reloading that
 * address returns to where the reader scrolled on from it.
 */
const PARAGRAPHS = 2_000
const TIMEOUT = 180_000

let harness: Harness
let ana: User
let bob: User
let id: string
const book = chineseBook('续读的书稿', PARAGRAPHS, 907)

beforeAll(async () => {
  harness = await startHarness()
  id = await harness.uploadText('book-reading.txt', `${book.join('\n\n')}\n`)
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
}, TIMEOUT)
afterAll(async () => harness?.close())

const serverText = async (): Promise<string> => (await fetch(`${harness.url}/api/documents/${encodeURIComponent(id)}/text`)).text()

/** Scrolls the pane to `fraction` of its height, as a reader would, and lets the surface and the place settle. */
async function scrollTo(page: Page, fraction: number): Promise<{ text: string; top: number }> {
  await page.evaluate((f) => {
    const scroller = document.querySelector('[data-testid="pane-scroll"]')!
    scroller.scrollTop = scroller.scrollHeight * f
  }, fraction)
  // The surface turns its window within a frame or two; the place is written 300 ms after scrolling stops.
  const place = await settledPaneTop(page)
  await page.waitForTimeout(500)
  return place
}

describe('reading place', () => {
  it('comes back to the same paragraph in a new tab, although another user added paragraphs above it', async () => {
    await openEditor(ana.page, harness.url, docRoute(id))
    await openEditor(bob.page, harness.url, docRoute(id))
    const place = await scrollTo(ana.page, 0.6)
    const index = book.indexOf(place.text)
    expect(index).toBeGreaterThan(PARAGRAPHS / 2)

    // Ana leaves for the document list; meanwhile Bob adds two paragraphs at the start.
    await ana.page.goto(`${harness.url}/#/`)
    await ana.page.waitForSelector('[data-testid="editor-pane"]', { state: 'detached' })
    await bob.page.locator('.ProseMirror').click({ position: { x: 5, y: 5 } })
    await bob.page.keyboard.press('Control+Home')
    await bob.page.keyboard.type('新加的第一段')
    await bob.page.keyboard.press('Enter')
    await bob.page.keyboard.type('新加的第二段')
    await bob.page.keyboard.press('Enter')
    await expect.poll(serverText, { timeout: 30_000 }).toMatch(/^新加的第一段\n\n新加的第二段\n\n/)

    // Back the next morning, in a new tab: the same paragraph, scrolled into as far as before.
    await ana.page.close()
    ana.page = await ana.context.newPage()
    await openEditor(ana.page, harness.url, docRoute(id))
    await expect.poll(() => paneTopParagraph(ana.page), { timeout: 20_000 }).toEqual(place)
  }, TIMEOUT)

  it('goes where an address points, and a reload of that address returns to where the reader scrolled on to', async () => {
    const target = 300
    const offset = book.slice(0, target).reduce((sum, text) => sum + text.length + 2, 0) + '新加的第一段\n\n新加的第二段\n\n'.length
    await ana.page.goto(`${harness.url}/${docRoute(id)}@${offset}`)
    await openEditor(ana.page, harness.url, `${docRoute(id)}@${offset}`)
    await expect.poll(async () => (await paneTopParagraph(ana.page)).text, { timeout: 20_000 }).toBe(book[target])

    const place = await scrollTo(ana.page, 0.3)
    expect(place.text).not.toBe(book[target])
    await ana.page.reload()
    await openEditor(ana.page, harness.url, `${docRoute(id)}@${offset}`)
    await expect.poll(() => paneTopParagraph(ana.page), { timeout: 20_000 }).toEqual(place)
  }, TIMEOUT)
})
