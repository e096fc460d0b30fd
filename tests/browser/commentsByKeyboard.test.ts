import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, selectAtParagraphStart, startHarness, type Harness, type User } from './harness'

/*
 * #18 point 8: comments reachable without hover. The first comment was only in the
 * label's title (a mouse tooltip). With the caret in annotated text a live region
 * says which annotation it is and what its comment says, and Alt+Enter opens its
 * card with the focus in the comment box, whatever tab the side panel showed.
 */

let harness: Harness
let ana: User
let bob: User
let documentId: string

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
  documentId = await harness.uploadText('treaty.txt', 'A short history.\n\nThe treaty was signed in 1921 by both parties.\n\nThe end.\n')
})
afterAll(async () => harness?.close())

/** Puts the caret before character `offset` of paragraph `index`, as a click would (widgets skipped), and waits until ProseMirror read it. */
async function caretAt(page: Page, index: number, offset: number): Promise<void> {
  await page.evaluate(async ([i, n]) => {
    const paragraph = document.querySelectorAll('.ProseMirror p')[i]
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement?.closest('.ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    })
    let left = n
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0
      if (left < length) {
        ;(paragraph.closest('.ProseMirror') as HTMLElement).focus()
        const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
        document.getSelection()!.collapse(node, left)
        await read
        return
      }
      left -= length
    }
    throw new Error(`paragraph ${i} has no character ${n}`)
  }, [index, offset] as const)
}

describe('comments without hover', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it("the caret in Ana's note tells Bob its comment, Alt+Enter puts him in its comment box, and his reply reaches Ana", async () => {
    await openEditor(ana.page, harness.url, docRoute(documentId))
    await openEditor(bob.page, harness.url, docRoute(documentId))

    // Ana annotates "The treaty" as a note (Alt+8) and writes its comment.
    await selectAtParagraphStart(ana.page, 1, 10)
    await ana.page.keyboard.press('Alt+8')
    await expect.poll(() => ana.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-input')
    await ana.page.keyboard.type('Check the year')
    await ana.page.keyboard.press('Enter')
    const anaCard = ana.page.locator('[data-testid="annotation-card"]').first()
    await expect.poll(() => anaCard.getByTestId('comment-text').allTextContents()).toEqual(['Check the year'])
    const id = (await anaCard.getAttribute('data-annotation-id'))!

    // Bob has the Duplicates tab open; the note arrives in his text.
    await bob.page.getByTestId('tab-duplicates').click()
    await expect.poll(() => bob.page.locator(`.ProseMirror .ann[data-annotations~="${id}"]`).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    // Its comment too (it may arrive in a later update than the annotation).
    await expect.poll(() => bob.page.locator(`.ProseMirror .ann-label[data-annotation-id="${id}"]`).getAttribute('title'), { timeout: 15_000 }).toContain('Check the year')
    const region = bob.page.getByTestId('caret-annotation')
    expect(await region.getAttribute('aria-live')).toBe('polite')
    expect(await bob.page.locator('.ProseMirror').getAttribute('aria-keyshortcuts')).toContain('Alt+Enter')
    // The chip is not read in the middle of the sentence; the live region says it instead.
    expect(await bob.page.locator(`.ProseMirror .ann-label[data-annotation-id="${id}"]`).getAttribute('aria-hidden')).toBe('true')

    // The caret outside any annotation: nothing said. Inside "treaty": what the note is and says.
    await caretAt(bob.page, 1, 20)
    expect(await region.textContent()).toBe('')
    await caretAt(bob.page, 1, 6)
    await expect.poll(() => region.textContent()).toBe('Note by Ana: “Check the year”. Alt+Enter opens its comments.')

    // Alt+Enter: the Annotations tab opens and the focus is in that note's comment box.
    await bob.page.keyboard.press('Alt+Enter')
    await expect.poll(() => bob.page.getByTestId('tab-annotations').getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => bob.page.evaluate(() => {
      const active = document.activeElement
      return active?.getAttribute('data-testid') === 'reply-input' ? active.closest('[data-testid="annotation-card"]')?.getAttribute('data-annotation-id') : null
    })).toBe(id)
    await harness.screenshot(bob.page, 'comments-keyboard-reply-box')
    await bob.page.keyboard.type('It was 1920')
    await bob.page.keyboard.press('Enter')

    // The text is untouched, and Ana sees the reply.
    expect(await bob.page.locator('.ProseMirror p').nth(1).evaluate((p) => {
      const copy = p.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.ann-label, .ProseMirror-yjs-cursor').forEach((el) => el.remove())
      return copy.textContent
    })).toBe('The treaty was signed in 1921 by both parties.')
    await expect.poll(() => anaCard.getByTestId('comment-text').allTextContents(), { timeout: 15_000 }).toEqual(['Check the year', 'It was 1920'])
    await harness.screenshot(ana.page, 'comments-keyboard-ana-sees-reply')
  })
})
