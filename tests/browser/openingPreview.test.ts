import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { docRoute, openEditor, startHarness, type Harness, type User } from './harness'
import { chineseBook } from '../../bench/book/chineseText'

/**
 * Opening a long document (issue #21): its opening paragraphs are shown, read only and
 * marked as loading, before its state has loaded, and before the app's code has run (the
 * page's entry paints them in the app's frame, client/earlyPreview.ts); the app's own pane
 * and then the editor replace them in place.
 */
const PARAGRAPHS = 2_000
const TIMEOUT = 180_000

let harness: Harness
let id: string
/** Everyone who opened the book, closed before the server restarts (an open socket would load it again). */
const readers: User[] = []
const book = chineseBook('两千段的书稿', PARAGRAPHS, 77)

beforeAll(async () => {
  harness = await startHarness()
  id = await harness.uploadText('book-2000.txt', `${book.join('\n\n')}\n`)
}, TIMEOUT)
afterAll(async () => harness?.close())

interface Sighting { at: number; text: string; top: number; busy: string | null }

/**
 * Records, from the page's start, when the preview's and the editor's first paragraphs first
 * appear, and where; and every place the first paragraph (preview or editor) was seen at after
 * any change to the page, until the editor's appeared (the entry's preview, the app's, the editor).
 */
async function watchFirstScreen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __preview: unknown; __editor: unknown; __tops: number[] }
    w.__preview = null
    w.__editor = null
    w.__tops = []
    const look = () => {
      const first = w.__editor ? null : document.querySelector('.ProseMirror > p, [data-testid="opening-preview"] > p')
      if (first && !w.__tops.includes(first.getBoundingClientRect().top)) w.__tops.push(first.getBoundingClientRect().top)
      const preview = document.querySelector('[data-testid="opening-preview"] > p')
      if (preview && !w.__preview) {
        w.__preview = { at: performance.now(), text: preview.textContent, top: preview.getBoundingClientRect().top, busy: preview.parentElement!.getAttribute('aria-busy') }
      }
      const editor = document.querySelector('.ProseMirror > p')
      if (editor && !w.__editor) {
        // Without other users' cursors (a name label inside the text).
        const copy = editor.cloneNode(true) as HTMLElement
        copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((cursor) => cursor.remove())
        w.__editor = { at: performance.now(), text: copy.textContent, top: editor.getBoundingClientRect().top, busy: null }
      }
    }
    new MutationObserver(look).observe(document, { childList: true, subtree: true })
  })
}

const sightings = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { __preview: Sighting | null; __editor: Sighting | null; __tops: number[] }
  // The app's chunk (client/startApp.ts) marks this as it finishes evaluating.
  const appRun = performance.getEntriesByName('variorum:app-run')[0]?.startTime ?? null
  return { preview: w.__preview, editor: w.__editor, tops: w.__tops, appRun }
})

describe('opening preview', () => {
  it('shows a long document\'s opening paragraphs before its state, and the editor takes over in place', async () => {
    // The first reader loads the document on the server by typing at its start.
    const ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
    readers.push(ana)
    await openEditor(ana.page, harness.url, docRoute(id))
    await ana.page.locator('.ProseMirror > p').first().click()
    await ana.page.keyboard.press('Home')
    await ana.page.keyboard.type('新')
    await expect.poll(async () => (await (await fetch(`${harness.url}/api/documents/${id}/text`)).text()).slice(0, book[0].length + 1)).toBe(`新${book[0]}`)

    const bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
    readers.push(bob)
    await watchFirstScreen(bob.page)
    await openEditor(bob.page, harness.url, docRoute(id))
    const { preview, editor, tops, appRun } = await sightings(bob.page)
    expect(preview, 'the preview was shown').not.toBeNull()
    expect(preview!.text).toBe(`新${book[0]}`)
    expect(preview!.busy).toBe('true')
    expect(editor!.text).toBe(`新${book[0]}`)
    expect(preview!.at).toBeLessThan(editor!.at)
    // Painted by the page's entry, before the app's code had run.
    expect(appRun).not.toBeNull()
    expect(preview!.at).toBeLessThan(appRun!)
    // In place: the first paragraph does not move when the app's pane, then the editor, replace the preview.
    expect(editor!.top).toBe(preview!.top)
    expect(tops).toEqual([preview!.top])
    expect(await bob.page.locator('[data-testid="opening-preview"]').count()).toBe(0)
    // And the editor is the live one: Bob's typing reaches the server.
    await bob.page.locator('.ProseMirror > p').first().click()
    await bob.page.keyboard.press('Home')
    await bob.page.keyboard.type('旧')
    await expect.poll(async () => (await (await fetch(`${harness.url}/api/documents/${id}/text`)).text()).slice(0, 2)).toBe('旧新')
  }, TIMEOUT)

  it('shows the opening edited in the last session right after a restart of the server (stored beside the snapshot)', async () => {
    // Ana and Bob typed at the start; they leave, and the server restarts: it holds nothing
    // of the book in memory, so the opening can only come from storage.
    await Promise.all(readers.map((reader) => reader.context.close()))
    await harness.restart()
    const opening = await fetch(`${harness.url}/api/documents/${id}/opening`)
    expect(opening.status).toBe(200)
    expect(((await opening.json()) as { paragraphs: string[] }).paragraphs[0]).toBe(`旧新${book[0]}`)

    // Dana's socket is held: the preview stays on screen to be looked at.
    const dana = await harness.newUser({ name: 'Dana', color: '#7c3aed' })
    await dana.page.routeWebSocket(/\/sync\//, () => {})
    await dana.page.goto(`${harness.url}/${docRoute(id)}`)
    const held = dana.page.locator('[data-testid="opening-preview"] > p').first()
    await held.waitFor()
    expect(await held.textContent()).toBe(`旧新${book[0]}`)
    expect(await dana.page.locator('[data-testid="opening-preview"]').getAttribute('aria-busy')).toBe('true')
    expect(await dana.page.locator('.ProseMirror').count()).toBe(0)
    await harness.screenshot(dana.page, 'opening-preview-after-restart')

    // Eve opens it normally: the stored opening first, then the editor in place.
    const eve = await harness.newUser({ name: 'Eve', color: '#0e7490' })
    await watchFirstScreen(eve.page)
    await openEditor(eve.page, harness.url, docRoute(id))
    const { preview, editor, tops, appRun } = await sightings(eve.page)
    expect(preview, 'the preview was shown').not.toBeNull()
    expect(preview!.text).toBe(`旧新${book[0]}`)
    expect(preview!.busy).toBe('true')
    expect(editor!.text).toBe(`旧新${book[0]}`)
    expect(preview!.at).toBeLessThan(editor!.at)
    expect(preview!.at).toBeLessThan(appRun!)
    expect(editor!.top).toBe(preview!.top)
    expect(tops).toEqual([preview!.top])
    await harness.screenshot(eve.page, 'opening-editor-after-restart')
  }, TIMEOUT)

  it('shows no preview, neither the page entry\'s nor the pane\'s, when it is switched off', async () => {
    const fay = await harness.newUser({ name: 'Fay', color: '#b45309' })
    await fay.page.addInitScript(() => localStorage.setItem('variorum.openingPreview', 'off'))
    await watchFirstScreen(fay.page)
    await openEditor(fay.page, harness.url, docRoute(id))
    const { preview, editor } = await sightings(fay.page)
    expect(preview).toBeNull()
    expect(editor!.text).toBe(`旧新${book[0]}`)
  }, TIMEOUT)

  it('shows no preview for a short document', async () => {
    const carol = await harness.newUser({ name: 'Carol', color: '#047857' })
    await watchFirstScreen(carol.page)
    await openEditor(carol.page, harness.url, docRoute(harness.sampleId))
    const { preview, editor } = await sightings(carol.page)
    expect(preview).toBeNull()
    expect(editor).not.toBeNull()
  }, TIMEOUT)
})
