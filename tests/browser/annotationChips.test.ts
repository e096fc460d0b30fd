import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness, type User } from './harness'

/*
 * #18 point 7: a type chip is never inserted mid-word. The label of an annotation
 * starting inside a word (or inside a run of Chinese characters) takes no room in
 * the line: the characters either side of the start stay adjacent, and the chip,
 * with its type's text, sits above the line's glyphs without covering the line above.
 */

let harness: Harness
let ana: User
let bob: User
let documentId: string

const LATIN = 'The scribe wrote unbelievable things about the harvest that year.'
const CHINESE = '我们今天讨论自己的事情，也讨论别人的事情。'
/** Long enough to wrap: the chip's word is on a line below another line of the same paragraph. */
const LONG = `${'The clerk copied every line of the ledger with great care, '.repeat(3)}and overwrote the misspelt entries below.`

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
  documentId = await harness.uploadText('chips.txt', `A heading line.\n\n${LATIN}\n\n${CHINESE}\n\n${LONG}\n`)
})
afterAll(async () => harness?.close())

/** Selects characters [from, from + length) of paragraph `index` (widgets skipped), as a drag would. */
async function selectInParagraph(page: Page, index: number, from: number, length: number): Promise<void> {
  await page.evaluate(async ([i, start, n]) => {
    const paragraph = document.querySelectorAll('.ProseMirror p')[i]
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement?.closest('.ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    })
    const points: [Node, number][] = []
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let k = 0; k < (node.textContent ?? '').length; k++) points.push([node, k])
    }
    ;(paragraph.closest('.ProseMirror') as HTMLElement).focus()
    const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
    const range = document.createRange()
    range.setStart(points[start][0], points[start][1])
    range.setEnd(points[start + n - 1][0], points[start + n - 1][1] + 1)
    const selection = document.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
    await read
  }, [index, from, length] as const)
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString().length)).toBe(length)
}

interface Box { left: number; right: number; top: number; bottom: number; width: number; height: number }
interface Measure {
  before: Box
  after: Box
  labels: { text: string; box: Box; ariaHidden: string | null }[]
  /** The lowest text box of the paragraph above. */
  above: number
}

/** The boxes of characters `at - 1` and `at` of paragraph `index`, of the labels in it, and of the paragraph above. */
function measure(page: Page, index: number, at: number): Promise<Measure> {
  return page.evaluate(([i, k]) => {
    const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height })
    const textNodes = (element: Element): Text[] => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => node.parentElement?.closest('.ann-anchor, .ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
      })
      const nodes: Text[] = []
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
      return nodes
    }
    const charBox = (element: Element, n: number) => {
      let left = n
      for (const node of textNodes(element)) {
        if (left < node.length) {
          const range = document.createRange()
          range.setStart(node, left)
          range.setEnd(node, left + 1)
          return box(range.getBoundingClientRect())
        }
        left -= node.length
      }
      throw new Error(`no character ${n}`)
    }
    const paragraphs = document.querySelectorAll('.ProseMirror p')
    const paragraph = paragraphs[i]
    const before = charBox(paragraph, k - 1)
    // The text boxes of the paragraph above and of this paragraph's lines above the start.
    const textRects = (element: Element) => textNodes(element).flatMap((node) => {
      const range = document.createRange()
      range.selectNodeContents(node)
      return [...range.getClientRects()]
    })
    const above = Math.max(...textRects(paragraphs[i - 1]).map((r) => r.bottom),
      ...textRects(paragraph).filter((r) => r.bottom < before.top + 1).map((r) => r.bottom))
    return {
      before,
      after: charBox(paragraph, k),
      labels: [...paragraph.querySelectorAll('.ann-label')].map((label) => ({
        text: label.textContent ?? '',
        box: box(label.getBoundingClientRect()),
        ariaHidden: label.closest('[aria-hidden]')?.getAttribute('aria-hidden') ?? null,
      })),
      above,
    }
  }, [index, at] as const)
}

function expectAdjacentWithChipAbove(m: Measure, texts: string[]): void {
  // Same line, and no gap: at most a fifth of the character before the start.
  expect(Math.abs(m.after.top - m.before.top)).toBeLessThan(1)
  const gap = m.after.left - m.before.right
  expect(Math.abs(gap)).toBeLessThan(m.before.width / 5)
  expect(m.labels.map((l) => l.text)).toEqual(texts)
  for (const label of m.labels) {
    expect(label.ariaHidden).toBe('true')
    expect(label.box.width).toBeGreaterThan(10)
    expect(label.box.height).toBeGreaterThan(6)
    // Above the glyphs of its own line (the text's content box), below the line above.
    expect(label.box.bottom).toBeLessThanOrEqual(m.after.top + 0.5)
    expect(label.box.top).toBeGreaterThanOrEqual(m.above - 0.5)
    // At the start: its left edge within a character of the boundary.
    expect(Math.abs(label.box.left - m.after.left)).toBeLessThan(m.after.width + 30)
  }
  // Chips sharing a row do not cover each other.
  const sorted = [...m.labels].sort((a, b) => a.box.left - b.box.left)
  for (let j = 1; j < sorted.length; j++) expect(sorted[j].box.left).toBeGreaterThanOrEqual(sorted[j - 1].box.right - 0.5)
}

describe('type chips take no room in the text', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('an annotation starting mid-word (Latin, then Chinese) leaves the word whole for the other user, with its chip above the line', async () => {
    await openEditor(ana.page, harness.url, docRoute(documentId))
    await openEditor(bob.page, harness.url, docRoute(documentId))

    // Ana notes "believable" inside "unbelievable" (Alt+8, a note).
    const latinStart = LATIN.indexOf('unbelievable') + 2
    await selectInParagraph(ana.page, 1, latinStart, 'believable'.length)
    await ana.page.keyboard.press('Alt+8')
    await ana.page.keyboard.press('Escape')
    await expect.poll(() => bob.page.locator('.ProseMirror p').nth(1).locator('.ann-label').allTextContents(), { timeout: 15_000 }).toEqual(['Note'])
    expectAdjacentWithChipAbove(await measure(bob.page, 1, latinStart), ['Note'])
    expectAdjacentWithChipAbove(await measure(ana.page, 1, latinStart), ['Note'])

    // Ana marks "己的事" inside "自己的事情" twice over: a note and a variant from the same character.
    const chineseStart = CHINESE.indexOf('己的事')
    await selectInParagraph(ana.page, 2, chineseStart, 3)
    await ana.page.keyboard.press('Alt+8')
    await ana.page.keyboard.press('Escape')
    await selectInParagraph(ana.page, 2, chineseStart, 2)
    await ana.page.keyboard.press('Alt+2')
    await ana.page.keyboard.press('Escape')
    await expect.poll(async () => (await bob.page.locator('.ProseMirror p').nth(2).locator('.ann-label').allTextContents()).sort(), { timeout: 15_000 }).toEqual(['Note', 'Variant'])
    const chinese = await measure(bob.page, 2, chineseStart)
    expectAdjacentWithChipAbove(chinese, chinese.labels.map((l) => l.text))
    expect(chinese.labels).toHaveLength(2)

    // Inside "overwrote", on a wrapped line: the chip makes room for itself instead of covering the line above.
    const wrappedStart = LONG.indexOf('overwrote') + 4
    await selectInParagraph(ana.page, 3, wrappedStart, 'write'.length)
    await ana.page.keyboard.press('Alt+8')
    await ana.page.keyboard.press('Escape')
    await expect.poll(() => bob.page.locator('.ProseMirror p').nth(3).locator('.ann-label').allTextContents(), { timeout: 15_000 }).toEqual(['Note'])
    const wrapped = await measure(bob.page, 3, wrappedStart)
    expect(wrapped.above).toBeGreaterThan((await measure(bob.page, 3, 1)).before.bottom - 1) // a line of this paragraph is above
    expectAdjacentWithChipAbove(wrapped, ['Note'])
    await bob.page.locator('.ProseMirror p').nth(1).scrollIntoViewIfNeeded()
    await harness.screenshot(bob.page, 'annotation-chips')
  })
})
