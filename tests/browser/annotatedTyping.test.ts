import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, characterPoint, docRoute, openEditor, selectAtParagraphStart, startHarness, type Harness, type User } from './harness'

/*
 * Issue #20: typing in a long, annotated document. Above LARGE_DOCUMENT_SIZE the
 * editor labels only the selected and the hovered annotation (a label widget beside
 * the text being typed was redrawn on every keystroke), and typing inside an
 * annotation keeps its spans (ProseMirror used to replace the wrapper around the
 * typed text on each key, losing the DOM selection: keepDecoratedTextNodes.ts).
 */

let harness: Harness
let ana: User
let documentId: string

/** About 60,000 characters: past LARGE_DOCUMENT_SIZE (50,000). */
const PARAGRAPHS = Array.from({ length: 450 }, (_, i) => `Entry ${i}: the clerk copied this line of the ledger with great care and noted the harvest of that year in the margin.`)

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  documentId = await harness.uploadText('long-ledger.txt', `${PARAGRAPHS.join('\n\n')}\n`)
})
afterAll(async () => harness?.close())

function labels(page: Page, paragraph: number): Promise<string[]> {
  return page.locator('.ProseMirror p').nth(paragraph).locator('.ann-label').allTextContents()
}

function paragraphText(page: Page, index: number): Promise<string> {
  return page.evaluate((i) => {
    const copy = document.querySelectorAll('.ProseMirror p')[i].cloneNode(true) as HTMLElement
    copy.querySelectorAll('.ProseMirror-yjs-cursor, .ann-label').forEach((el) => el.remove())
    return copy.textContent ?? ''
  }, index)
}

describe('typing in a long annotated document', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('labels the selected and the hovered annotation only, stacks them, and keeps their spans while typing inside', async () => {
    const { page } = ana
    await openEditor(page, harness.url, docRoute(documentId))
    await expect.poll(() => page.locator('.ProseMirror.ann-large').count()).toBe(1)
    const paragraph = 2
    await selectAtParagraphStart(page, paragraph, 40)
    await page.keyboard.press('Alt+8') // note on characters 0-39
    await page.keyboard.press('Escape')
    await selectAtParagraphStart(page, paragraph, 10)
    await page.keyboard.press('Alt+2') // variant on characters 0-9, inside the note
    await page.keyboard.press('Escape')
    const spans = page.locator('.ProseMirror p').nth(paragraph).locator('.ann')
    await expect.poll(async () => new Set(await spans.evaluateAll((els) => els.flatMap((el) => el.getAttribute('data-annotations')!.split(' ')))).size).toBe(2)
    // Stacked: the inner one draws its underline (layer 1) below the outer one's, in one flat span per stretch.
    expect(await spans.evaluateAll((els) => els.map((el) => ({
      length: el.textContent!.length,
      layers: [0, 1, 2].filter((k) => getComputedStyle(el).getPropertyValue(`--ann-u${k}`).trim() !== ''),
      padding: getComputedStyle(el).paddingBottom,
    })))).toEqual([{ length: 10, layers: [0, 1], padding: '7px' }, { length: 30, layers: [0], padding: '3px' }])
    // The variant just made is selected: its label only.
    await expect.poll(() => labels(page, paragraph)).toEqual(['Variant'])

    // A click on plain text selects nothing: no label at all.
    const plain = await characterPoint(page, paragraph, 80)
    await page.mouse.click(plain.x, plain.y)
    await expect.poll(() => labels(page, paragraph)).toEqual([])
    await page.locator('[data-testid="annotation-card"][aria-current="true"]').waitFor({ state: 'detached' })

    // Hovering the note (where only the note is) shows its label; leaving it hides it.
    const inNote = await characterPoint(page, paragraph, 25)
    await page.mouse.move(inNote.x, inNote.y)
    await expect.poll(() => labels(page, paragraph)).toEqual(['Note'])
    await page.mouse.move(plain.x, plain.y)
    await expect.poll(() => labels(page, paragraph)).toEqual([])

    // Click inside the note, type: the text lands at the click, in the same span element.
    const before = await paragraphText(page, paragraph)
    const at = await characterPoint(page, paragraph, 25, 0.1)
    await page.mouse.click(at.x, at.y)
    await page.locator('[data-testid="annotation-card"][aria-current="true"]').getByTestId('annotation-type').filter({ hasText: 'Note' }).waitFor()
    await page.evaluate(() => {
      const focus = document.getSelection()!.focusNode!
      const span = (focus instanceof Element ? focus : focus.parentElement)!.closest('.ann') as HTMLElement & { marked?: boolean }
      span.marked = true
    })
    await page.keyboard.type('XYZ')
    await expect.poll(() => paragraphText(page, paragraph)).toBe(`${before.slice(0, 25)}XYZ${before.slice(25)}`)
    const kept = await page.evaluate(() => {
      const focus = document.getSelection()!.focusNode!
      const span = (focus instanceof Element ? focus : focus.parentElement)!.closest('.ann') as (HTMLElement & { marked?: boolean }) | null
      return { marked: span?.marked === true, text: span?.textContent ?? '' }
    })
    expect(kept.marked).toBe(true)
    expect(kept.text).toContain('XYZ')
    await expect.poll(() => labels(page, paragraph)).toEqual(['Note'])
    // The selected annotation's card shows its text with what was typed into it, once the pause's refresh ran.
    await expect.poll(() => page.locator('[data-testid="annotation-card"][aria-current="true"]').textContent()).toContain('copiedXYZ')
    await page.locator('.ProseMirror p').nth(paragraph).scrollIntoViewIfNeeded()
    await harness.screenshot(page, 'annotated-typing-long-document')
  })

  it('lays out and repaints nothing in the side panel while typing, its cards unchanged', async () => {
    // The workspace's grid row once took its height from the pane's content: every relayout
    // of the text had Chromium measure the side panel at its content height, then lay it out
    // again at the row's, so the cards were laid out and repainted on each key (issue #20).
    // Chromium's paint-invalidation trace names every layout object a frame's pre-paint visits.
    const { page, context } = ana
    await openEditor(page, harness.url, docRoute(documentId))
    const paragraph = 5
    await selectAtParagraphStart(page, paragraph, 20)
    await page.keyboard.press('Alt+1')
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="annotation-card"]').first().waitFor()
    const at = await characterPoint(page, paragraph, 60, 0.1)
    await page.mouse.click(at.x, at.y)
    await page.locator('[data-testid="annotation-card"][aria-current="true"]').waitFor({ state: 'detached' })
    const before = await paragraphText(page, paragraph)

    const cdp = await context.newCDPSession(page)
    const visited: string[] = []
    cdp.on('Tracing.dataCollected', ({ value }) => {
      for (const event of value as unknown as { name: string; args?: { object?: string } }[]) {
        if (event.name === 'PaintInvalidator::InvalidatePaint()' && event.args?.object) visited.push(event.args.object)
      }
    })
    await cdp.send('Tracing.start', { categories: 'disabled-by-default-blink.invalidation', transferMode: 'ReportEvents' })
    await page.keyboard.type('abcde', { delay: 30 })
    await expect.poll(() => paragraphText(page, paragraph)).toBe(`${before.slice(0, 60)}abcde${before.slice(60)}`)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
    await cdp.send('Tracing.end')
    await done
    await cdp.detach()

    // The typed paragraph's text was visited (the trace works), nothing of the side panel was.
    expect(visited.some((object) => object.includes("class='ProseMirror"))).toBe(true)
    expect(visited.filter((object) => /class='(side-panel|tab-panel|annotation-sidebar|cards|card)\b/.test(object))).toEqual([])
  })
})
