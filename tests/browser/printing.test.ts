import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness, type User } from './harness'
import { chineseBook } from '../../bench/book/chineseText'

/**
 * Printing prints the document's whole text (issue #21, point 2). A long
 * document's bounded surface draws far paragraphs as empty blocks, so printing
 * the editor would give blank pages; and the workspace's fixed-height scroll
 * boxes clipped even a short document to its first screen (1 page of text and
 * 17 blank ones for the sample). Two users: what the other one typed a moment
 * ago is on paper too.
 */
const PARAGRAPHS = 2_000
const TIMEOUT = 180_000

let harness: Harness
let ana: User
let bob: User
let longId: string
const book = chineseBook('打印的书稿', PARAGRAPHS, 733)

beforeAll(async () => {
  harness = await startHarness()
  longId = await harness.uploadText('book-2000.txt', `${book.join('\n\n')}\n`)
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
}, TIMEOUT)
afterAll(async () => harness?.close())

const serverText = async (id: string): Promise<string> => (await fetch(`${harness.url}/api/documents/${encodeURIComponent(id)}/text`)).text()

/** What prints, as the print stylesheet lays it out: the visible document paragraphs, and whether the frame shows. */
function printedLayout(page: Page): Promise<{ paragraphs: string[]; headerShown: boolean; scrollOverflow: string; editorShown: boolean }> {
  return page.evaluate(() => {
    const shown = (element: Element | null): boolean => !!element && getComputedStyle(element).display !== 'none'
    const copy = document.querySelector('.print-copy')
    const editor = document.querySelector('.ProseMirror')!
    const source = shown(copy) ? copy! : editor
    const paragraphs = [...source.querySelectorAll(':scope > p')].map((p) => {
      const clone = p.cloneNode(true) as HTMLElement
      clone.querySelectorAll('.ProseMirror-yjs-cursor, .ann-label').forEach((el) => el.remove())
      return clone.textContent ?? ''
    })
    return {
      paragraphs,
      headerShown: shown(document.querySelector('.app-header')),
      scrollOverflow: getComputedStyle(document.querySelector('[data-testid="pane-scroll"]')!).overflowY,
      editorShown: shown(editor),
    }
  })
}

describe('printing', () => {
  it('prints every paragraph of a long document, with the other user\'s latest edit, and leaves the screen as it was', async () => {
    await openEditor(ana.page, harness.url, docRoute(longId))
    await openEditor(bob.page, harness.url, docRoute(longId))
    // Bob adds a paragraph at the very end.
    await bob.page.locator('.ProseMirror').click({ position: { x: 5, y: 5 } })
    await bob.page.keyboard.press('Control+End')
    await bob.page.keyboard.press('Enter')
    await bob.page.keyboard.type('鲍勃的结尾')
    const expected = [...book, '鲍勃的结尾']
    await expect.poll(() => serverText(longId), { timeout: 30_000 }).toBe(expected.join('\n\n'))
    // Ana's editor has Bob's paragraph (ProseMirror's view of the document: one child view a
    // paragraph; far ones have no node in the page).
    await expect.poll(() => ana.page.evaluate(() => (document.querySelector('.ProseMirror') as unknown as { pmViewDesc: { children: unknown[] } }).pmViewDesc.children.length), { timeout: 30_000 }).toBe(PARAGRAPHS + 1)

    // On screen most paragraphs are placeholders; the printed copy holds them all.
    const onScreen = await ana.page.evaluate(() => document.querySelectorAll('.ProseMirror > p').length)
    expect(onScreen).toBeLessThan(PARAGRAPHS / 2)
    // The real print path: count what the copy holds while Chromium prints (listener after the editor's).
    await ana.page.evaluate(() => {
      window.addEventListener('beforeprint', () => {
        const copy = document.querySelector('.print-copy')
        const state = window as unknown as { __printed?: { count: number; last: string } }
        state.__printed = { count: copy?.querySelectorAll(':scope > p').length ?? 0, last: copy?.lastElementChild?.textContent ?? '' }
      })
    })
    const pdf = await ana.page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(await ana.page.evaluate(() => (window as unknown as { __printed?: unknown }).__printed)).toEqual({ count: PARAGRAPHS + 1, last: '鲍勃的结尾' })
    // afterprint took the copy away again.
    expect(await ana.page.evaluate(() => document.querySelectorAll('.print-copy').length)).toBe(0)

    // Laid out for paper: the whole text, in order, the frame and the live editor hidden.
    await ana.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
    await ana.page.emulateMedia({ media: 'print' })
    const printed = await printedLayout(ana.page)
    expect(printed.paragraphs).toEqual(expected)
    expect(printed.editorShown).toBe(false)
    expect(printed.headerShown).toBe(false)
    expect(printed.scrollOverflow).toBe('visible')
    await ana.page.emulateMedia({ media: 'screen' })
    await ana.page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    const after = await printedLayout(ana.page)
    expect(after.editorShown).toBe(true)
    expect(after.headerShown).toBe(true)
    expect(await ana.page.evaluate(() => document.querySelectorAll('.print-copy').length)).toBe(0)
  }, TIMEOUT)

  it('prints a short document whole, not clipped to the first screen', async () => {
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
    const paragraphs = (await serverText(harness.sampleId)).split('\n\n')
    await ana.page.emulateMedia({ media: 'print' })
    const printed = await printedLayout(ana.page)
    expect(printed.paragraphs).toEqual(paragraphs)
    expect(printed.editorShown).toBe(true)
    expect(printed.headerShown).toBe(false)
    expect(printed.scrollOverflow).toBe('visible')
    // The editor's box is as tall as its text, not the window.
    const heights = await ana.page.evaluate(() => ({ text: document.querySelector('.ProseMirror')!.getBoundingClientRect().height, scroller: document.querySelector('[data-testid="pane-scroll"]')!.getBoundingClientRect().height }))
    expect(heights.scroller).toBeGreaterThanOrEqual(heights.text)
    await ana.page.emulateMedia({ media: 'screen' })
  }, BROWSER_TEST_TIMEOUT)
})
