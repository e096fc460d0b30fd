import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { annotationsMap, createAnnotation, fragmentOf, FragmentText } from '../../doc'
import { AnnotationStore } from '../../client/annotations/annotationStore'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness } from './harness'

/*
 * Issue #20: opening a document with many annotations. The side panel first shows a
 * provisional list (its count '…') and the editor draws the first screen from the
 * annotations around it, in the same update that shows the text, while the store
 * resolves every anchor in idle time; then the whole list, in the same order and with
 * the same cards.
 */

let harness: Harness

/** About 60,000 characters: past LARGE_DOCUMENT_SIZE (50,000), so only a window is drawn. */
const PARAGRAPHS = Array.from({ length: 450 }, (_, i) => `Entry ${i}: the clerk copied this line of the ledger with great care and noted the harvest of that year in the margin.`)
/** Over COLD_LIST_MIN (500): the list is cold when the document arrives. */
const ANNOTATIONS = 600

beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => harness?.close())

/** A y-websocket client on document `id`, synced. */
async function connect(id: string): Promise<{ ydoc: Y.Doc; destroy: () => void }> {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(`${harness.url.replace('http', 'ws')}/sync`, id, ydoc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return { ydoc, destroy: () => { provider.destroy(); ydoc.destroy() } }
}

describe('opening a document with many annotations', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('shows the provisional list first, then every annotation in document order, drawn in the visible window', async () => {
    const documentId = await harness.uploadText('annotated-ledger.txt', `${PARAGRAPHS.join('\n\n')}\n`)
    const writer = await connect(documentId)
    const gen = prng.create(20)
    writer.ydoc.transact(() => {
      const text = new FragmentText(fragmentOf(writer.ydoc))
      let made = 0
      while (made < ANNOTATIONS) {
        const start = prng.int32(gen, 0, text.length - 2)
        try {
          createAnnotation(writer.ydoc, { type: 'note', author: `editor${made % 3}`, start, end: Math.min(text.length, start + prng.int32(gen, 2, 40)) }, text)
          made++
        } catch (error) {
          if (!(error instanceof RangeError)) throw error
        }
      }
    })
    // What the server holds, read by another client: the order and places a full listing gives.
    const reader = await connect(documentId)
    await expect.poll(() => annotationsMap(reader.ydoc).size, { timeout: 20_000 }).toBe(ANNOTATIONS)
    const listed = new AnnotationStore(reader.ydoc, null).list()
    const firstParagraphEnd = PARAGRAPHS[0].length
    const inFirstParagraph = listed.filter((v) => v.resolution.status === 'anchored' && v.resolution.start < firstParagraphEnd).map((v) => v.id).sort()
    expect(inFirstParagraph.length).toBeGreaterThan(0)
    writer.destroy()
    reader.destroy()

    const { page } = await harness.newUser({ name: 'Ana', color: '#be123c' })
    // Every text the side panel's count shows, in order (a string: no helper names in the page).
    await page.addInitScript(`(() => {
      window.__counts = []
      new MutationObserver(() => {
        const count = document.querySelector('[data-testid="annotation-count"]')
        const text = count ? count.textContent.trim() : null
        if (text !== null && window.__counts[window.__counts.length - 1] !== text) window.__counts.push(text)
      }).observe(document, { subtree: true, childList: true, characterData: true })
    })()`)
    // Whether the update that first shows the synced text already draws decorations: the first
    // mutation batch (delivered after the task that made it) with the text in the editor.
    await page.addInitScript(`(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll('.ProseMirror > p').length < 100) return
        window.__firstText = { decorated: document.querySelector('.ProseMirror .ann') !== null }
        observer.disconnect()
      })
      observer.observe(document, { subtree: true, childList: true })
    })()`)
    await openEditor(page, harness.url, docRoute(documentId))
    const count = page.getByTestId('annotation-count')
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe(String(ANNOTATIONS))
    // '…' while provisional, never a partial count.
    const counts = await page.evaluate(() => (window as unknown as { __counts: string[] }).__counts)
    expect(counts.filter((c) => c !== '0')).toEqual(['…', String(ANNOTATIONS)])
    // The first cards (25, more once "Show more" scrolls into view) are the whole list's first, in its order.
    const shown = await page.getByTestId('annotation-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-annotation-id')))
    expect(shown.length).toBeGreaterThanOrEqual(25)
    expect(shown).toEqual(listed.slice(0, shown.length).map((v) => v.id))
    // The first paragraph (in the visible window) draws exactly its annotations.
    const drawn = page.locator('.ProseMirror p').first().locator('.ann')
    await expect.poll(async () => [...new Set(await drawn.evaluateAll((els) => els.flatMap((el) => el.getAttribute('data-annotations')!.split(' '))))].sort()).toEqual(inFirstParagraph)
    // Drawn with the text, not in a later task once its layout was measured (the first screen's
    // decorations came 110–145 ms after the text with 5,000 annotations).
    expect(await page.evaluate(() => (window as unknown as { __firstText?: unknown }).__firstText)).toEqual({ decorated: true })
    await page.context().close()
  })
})
