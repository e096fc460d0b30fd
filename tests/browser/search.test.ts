import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { SearchResponse } from '../../core/api'
import { addComment, createAnnotation } from '../../doc'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness, type User } from './harness'

let harness: Harness
let erin: User
/** A phrase of the sample taken from the text itself (six characters, no spaces, deep in the document), and where it first occurs. */
let phrase: string
let phraseStart: number

/** How long the index may take to catch up on a loaded machine. */
const INDEX_WAIT_MS = 20_000

/** Polls the search API until it has a hit for `q`, failing after INDEX_WAIT_MS. */
async function waitUntilIndexed(q: string): Promise<void> {
  const deadline = Date.now() + INDEX_WAIT_MS
  for (;;) {
    const response = (await (await fetch(`${harness.url}/api/search?q=${encodeURIComponent(q)}`)).json()) as SearchResponse
    if (response.hits.length > 0) return
    if (Date.now() > deadline) throw new Error(`'${q}' was never indexed`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

beforeAll(async () => {
  harness = await startHarness()
  erin = await harness.newUser({ name: 'Erin', color: '#0f766e' })
  const text = await (await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/text`)).text()
  let at = Math.floor(text.length * 0.6)
  while (/\s|[\p{P}]/u.test(text.slice(at, at + 6)) || text.indexOf(text.slice(at, at + 6)) !== at) at++
  phrase = text.slice(at, at + 6)
  phraseStart = at
  // The server indexes the documents it loaded on start in the background: wait for it.
  await waitUntilIndexed(phrase)
})
afterAll(async () => harness?.close())

describe('workspace search', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('searches from the documents list and opens the passage selected in the editor', async () => {
    const { page } = erin
    await page.goto(`${harness.url}/#/`)
    await page.getByTestId('search-box').getByRole('searchbox').fill(phrase)
    await page.getByTestId('search-box').getByRole('button', { name: 'Search' }).click()
    await page.waitForSelector('[data-testid="search-hit"]')
    expect(new URL(page.url()).hash).toBe(`#/search?q=${encodeURIComponent(phrase)}`)
    const group = page.locator(`[data-testid="search-group"][data-document-id="${harness.sampleId}"]`)
    await expect(group.getByTestId('search-hit').first().locator('mark').textContent()).resolves.toBe(phrase)
    await expect(page.getByTestId('search-summary').textContent()).resolves.toMatch(/^1 match in 1 document\.$/)
    await harness.screenshot(page, 'search-results')

    await group.getByTestId('search-hit').first().click()
    await page.waitForFunction(() => document.querySelectorAll('.ProseMirror p').length > 0)
    await page.waitForSelector('[data-testid="connection-status"][data-state="synced"]')
    expect(new URL(page.url()).hash).toBe(`${docRoute(harness.sampleId)}@${phraseStart}-${phraseStart + phrase.length}`)
    await page.waitForFunction((expected) => window.getSelection()?.toString() === expected, phrase)
    // The selection is inside the visible part of the pane, and the editor has the focus.
    const visible = await page.evaluate(() => {
      const range = window.getSelection()!.getRangeAt(0).getBoundingClientRect()
      const pane = document.querySelector('[data-testid="pane-scroll"]')!.getBoundingClientRect()
      return range.top >= pane.top && range.bottom <= pane.bottom && document.activeElement?.classList.contains('ProseMirror')
    })
    expect(visible).toBe(true)
    await harness.screenshot(page, 'search-opened-passage')
  })

  it('opens the search with the selected text on Ctrl+Shift+F in the editor', async () => {
    const { page } = erin
    await openEditor(page, harness.url, `${docRoute(harness.sampleId)}@${phraseStart}-${phraseStart + phrase.length}`)
    await page.waitForFunction((expected) => window.getSelection()?.toString() === expected, phrase)
    await page.keyboard.press('Control+Shift+F')
    await page.waitForSelector('[data-testid="search-hit"]')
    expect(new URL(page.url()).hash).toBe(`#/search?q=${encodeURIComponent(phrase)}`)
    await expect(page.getByTestId('search-input').inputValue()).resolves.toBe(phrase)

    // Filters narrow the search: the sample has no comment containing the phrase.
    await page.getByRole('button', { name: 'Filters' }).click()
    await page.getByTestId('search-kind').selectOption('comment')
    await page.getByTestId('search-form').getByRole('button', { name: 'Search' }).click()
    await expect(page.getByTestId('search-summary').textContent()).resolves.toBe(`No match for “${phrase}”.`)
    expect(new URL(page.url()).hash).toBe(`#/search?q=${encodeURIComponent(phrase)}&kind=comment`)
  })

  it('finds a comment and opens the passage it is about', async () => {
    // Another editor comments on the phrase through a stock y-websocket client.
    const ydoc = new Y.Doc()
    const provider = new WebsocketProvider(`${harness.url.replace('http', 'ws')}/sync`, harness.sampleId, ydoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    try {
      await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
      const annotationId = createAnnotation(ydoc, { type: 'note', author: 'Frank', start: phraseStart, end: phraseStart + phrase.length })
      addComment(ydoc, annotationId, 'Frank', 'Compare with the Xinhua wire copy.')
      await waitUntilIndexed('xinhua wire')
    } finally {
      provider.destroy()
      ydoc.destroy()
    }
    const { page } = erin
    await page.goto(`${harness.url}/#/search?q=${encodeURIComponent('Xinhua wire')}`)
    const hit = page.locator('[data-testid="search-hit"][data-kind="comment"]')
    await hit.waitFor()
    await expect(hit.locator('mark').textContent()).resolves.toBe('Xinhua wire')
    await expect(hit.textContent()).resolves.toContain('note · by Frank · open')
    await harness.screenshot(page, 'search-comment-hit')
    await hit.click()
    await page.waitForFunction((expected) => window.getSelection()?.toString() === expected, phrase)
    expect(new URL(page.url()).hash).toBe(`${docRoute(harness.sampleId)}@${phraseStart}-${phraseStart + phrase.length}`)
  })
})
