import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docRoute, openEditor, settledPaneTop, startHarness, type Harness, type User } from './harness'
import { chineseBook } from '../../bench/book/chineseText'

/**
 * What a reader reads stays where it is on the screen while another user adds
 * or removes text above it (issue #21, point 2: presence anywhere in the text),
 * on a short document drawn whole and on a long one's bounded surface. Within a
 * pixel: scrolling snaps to device pixels.
 */
const TIMEOUT = 180_000

let harness: Harness
let ana: User
let bob: User
const book = chineseBook('稳定的书稿', 2_000, 419)
let longId: string
let shortId: string

beforeAll(async () => {
  harness = await startHarness()
  longId = await harness.uploadText('book-steady.txt', `${book.join('\n\n')}\n`)
  shortId = await harness.uploadText('short-steady.txt', `${book.slice(0, 120).join('\n\n')}\n`)
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
}, TIMEOUT)
afterAll(async () => harness?.close())

/** The same paragraph at the top, within a pixel of where it was. */
function expectInPlace(now: { text: string; top: number }, before: { text: string; top: number }): void {
  expect(now.text).toBe(before.text)
  expect(Math.abs(now.top - before.top)).toBeLessThanOrEqual(1)
}

describe('a steady page while others edit above', () => {
  for (const [name, id, fraction] of [['short', () => shortId, 0.5], ['long', () => longId, 0.6]] as const) {
    it(`keeps the ${name} document's text in place when another user adds and removes paragraphs above`, async () => {
      await openEditor(ana.page, harness.url, docRoute(id()))
      await openEditor(bob.page, harness.url, docRoute(id()))
      await ana.page.evaluate((f) => {
        const scroller = document.querySelector('[data-testid="pane-scroll"]')!
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * f
      }, fraction)
      const before = await settledPaneTop(ana.page)

      await bob.page.locator('.ProseMirror').click({ position: { x: 5, y: 5 } })
      await bob.page.keyboard.press('Control+Home')
      for (const line of ['上面加的第一段，比较长的一段文字，占好几行的位置，让高度变化明显一些，再长一点再长一点。', '上面加的第二段']) {
        await bob.page.keyboard.type(line)
        await bob.page.keyboard.press('Enter')
      }
      await expect.poll(() => ana.page.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.startsWith('上面加的第一段')), { timeout: 20_000 }).toBe(true)
      expectInPlace(await settledPaneTop(ana.page), before)

      // And Bob takes them away again.
      // Selects from the start of the first paragraph to the start of the third, as a drag would.
      await bob.page.evaluate(async () => {
        const editor = document.querySelector<HTMLElement>('.ProseMirror')!
        const paragraphs = editor.querySelectorAll(':scope > p')
        const firstText = (p: Element): Node => document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode()!
        editor.focus()
        const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
        const selection = document.getSelection()!
        selection.setBaseAndExtent(firstText(paragraphs[0]), 0, firstText(paragraphs[2]), 0)
        await read
      })
      await bob.page.keyboard.press('Backspace')
      await expect.poll(() => ana.page.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.includes('上面加的')), { timeout: 20_000 }).toBe(false)
      expectInPlace(await settledPaneTop(ana.page), before)
    }, TIMEOUT)
  }
})
