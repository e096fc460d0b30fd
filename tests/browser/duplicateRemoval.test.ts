import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, editorParagraphs, openEditor, startHarness, type Harness, type User } from './harness'

/*
 * #18 point 5: "keep this copy, remove the others" is a reviewable suggestion (tracked
 * deletions of the other copies), never a silent deletion; unflag removes the
 * duplicate flags and is undoable. Two users: Ana proposes and unflags, Bob reviews.
 */

let harness: Harness
let ana: User
let bob: User
let documentId: string

const SECTION = 'The committee reviewed the annual budget and agreed that the remaining funds should be spent on repairing the old library roof before winter.'
const PARAGRAPHS = ['Minutes of the March meeting.', SECTION, 'Other business was deferred to the next meeting by a show of hands.', 'Continued from page one.', SECTION, 'The meeting closed at nine.']

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
  documentId = await harness.uploadText('minutes.txt', `${PARAGRAPHS.join('\n\n')}\n`)
})
afterAll(async () => harness?.close())

/** The open tracked deletions drawn in the editor: their text by change id, in text order. */
function drawnDeletions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const byId = new Map<string, string>()
    for (const el of document.querySelectorAll<HTMLElement>('.ProseMirror .suggested-delete')) {
      byId.set(el.dataset.changeId!, (byId.get(el.dataset.changeId!) ?? '') + (el.textContent ?? ''))
    }
    return [...byId.values()]
  })
}

/** The cards of the cluster's flags: "Duplicate" on each copy to go, "Kept copy" on the one kept. */
const duplicateCards = (page: Page) => page.locator('[data-testid="annotation-card"]').filter({ has: page.getByTestId('annotation-type').filter({ hasText: /^(Duplicate|Kept copy)$/ }) })

describe('keep this copy, remove the others', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('proposes removing the other copies as tracked deletions that Bob accepts and undoes; unflag and its undo reach Bob too', async () => {
    await openEditor(ana.page, harness.url, docRoute(documentId))
    await openEditor(bob.page, harness.url, docRoute(documentId))
    const { page } = ana

    await page.getByTestId('tab-duplicates').click()
    const cluster = page.getByTestId('cluster-list').getByTestId('cluster')
    await cluster.first().waitFor({ timeout: 10_000 })
    expect(await cluster.count()).toBe(1)
    await cluster.first().locator('button.item-main').click()

    // In plain words: where the passage is, where it appears again, what the action will do.
    expect(await cluster.first().getByTestId('cluster-description').textContent()).toBe('The passage in ¶2 appears again in ¶5 (identical).')
    const proposal = cluster.first().getByTestId('keep-proposal')
    expect(await proposal.textContent()).toBe('Keep the copy in ¶2, remove the copy in ¶5 (identical).')
    await cluster.first().getByTestId('keep-1').check()
    expect(await proposal.textContent()).toBe('Keep the copy in ¶5, remove the copy in ¶2 (identical).')
    await harness.screenshot(page, 'duplicates-keep-proposal')

    await cluster.first().getByTestId('keep-remove-others').click()
    await expect.poll(() => page.getByTestId('duplicates-message').textContent()).toBe('Proposed: Keep the copy in ¶5, remove the copy in ¶2 (identical). Accept or reject the deletion under Annotations.')

    // Bob sees the proposal live: the copy in ¶2 marked for deletion, both copies flagged, the text unchanged.
    await expect.poll(() => drawnDeletions(bob.page), { timeout: 15_000 }).toEqual([SECTION])
    await expect.poll(() => duplicateCards(bob.page).count(), { timeout: 15_000 }).toBe(2)
    expect(await editorParagraphs(bob.page)).toEqual(PARAGRAPHS)
    expect(await editorParagraphs(page)).toEqual(PARAGRAPHS)
    // The copy that stays is labelled as kept, not as a duplicate.
    await expect.poll(() => bob.page.locator('.ProseMirror p').nth(4).locator('.ann-label').allTextContents()).toEqual(['Kept copy'])
    await expect.poll(async () => (await bob.page.locator('.ProseMirror p').nth(1).locator('.ann-label').allTextContents()).sort()).toEqual(['Duplicate', 'Suggestion'])
    await harness.screenshot(bob.page, 'duplicates-bob-sees-proposed-removal')

    // Ana unflags: the flags go for Bob, the proposed deletion stays; Undo brings the flags back.
    await expect.poll(() => cluster.first().getAttribute('data-flagged')).toBe('true')
    await cluster.first().getByTestId('unflag-duplicates').click()
    await expect.poll(() => duplicateCards(bob.page).count(), { timeout: 15_000 }).toBe(0)
    expect(await drawnDeletions(bob.page)).toEqual([SECTION])
    await expect.poll(() => cluster.first().getAttribute('data-flagged')).toBe('false')
    const toast = page.getByTestId('undo-toast')
    expect(await toast.textContent()).toContain('Removed 2 duplicate flags.')
    await harness.screenshot(page, 'duplicates-unflagged')
    await toast.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => duplicateCards(bob.page).count(), { timeout: 15_000 }).toBe(2)
    await expect.poll(() => cluster.first().getAttribute('data-flagged')).toBe('true')

    // Bob accepts the deletion: the copy in ¶2 leaves the text, with its paragraph, for both.
    const after = PARAGRAPHS.filter((_, i) => i !== 1)
    const deletionCard = bob.page.locator('[data-testid="annotation-card"]').filter({ has: bob.page.getByTestId('accept-suggestion') })
    await deletionCard.first().getByTestId('accept-suggestion').click()
    for (const p of [bob.page, page]) await expect.poll(() => editorParagraphs(p), { timeout: 15_000 }).toEqual(after)
    expect(await drawnDeletions(bob.page)).toEqual([])
    await harness.screenshot(bob.page, 'duplicates-bob-accepted-removal')

    // One Ctrl+Z in Bob's text brings the copy back, proposed for deletion again.
    await bob.page.locator('.ProseMirror p').last().click()
    await bob.page.keyboard.press('Control+z')
    for (const p of [bob.page, page]) await expect.poll(() => editorParagraphs(p), { timeout: 15_000 }).toEqual(PARAGRAPHS)
    await expect.poll(() => drawnDeletions(page), { timeout: 15_000 }).toEqual([SECTION])
  })

  it('on the sample, accepting the proposed removals gives exactly the clean-text export of the flagged edition', async () => {
    const text = async () => (await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/text`)).text()
    const before = await text()
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
    await openEditor(bob.page, harness.url, docRoute(harness.sampleId))
    const { page } = ana
    await page.getByTestId('tab-duplicates').click()
    const first = page.getByTestId('cluster-list').getByTestId('cluster').first()
    await first.waitFor({ timeout: 10_000 })
    await first.locator('button.item-main').click()
    const copies = Number((await first.locator('.meta strong').textContent())!.replace('×', ''))
    expect(copies).toBeGreaterThanOrEqual(2)
    await first.getByTestId('keep-remove-others').click()
    await expect.poll(() => page.getByTestId('duplicates-message').textContent()).toMatch(/^Proposed: Keep the copy in ¶\d+, remove the cop(y|ies) in /)

    // What the clean text of the flagged edition reads, while the removals are only proposed.
    await expect.poll(() => drawnDeletions(bob.page), { timeout: 15_000 }).not.toEqual([])
    expect(await text()).toBe(before)
    const clean = await (await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/export?format=txt`)).text()
    expect(clean.length).toBeLessThan(before.length)

    // Bob accepts every proposal: the text is now that clean text, not a character more or less.
    await bob.page.locator('.ProseMirror').click({ position: { x: 5, y: 5 } })
    await bob.page.getByTestId('accept-all-suggestions').click()
    await expect.poll(() => drawnDeletions(bob.page), { timeout: 15_000 }).toEqual([])
    await expect.poll(async () => `${await text()}\n`.replace(/\n+$/, '\n'), { timeout: 15_000 }).toBe(clean.replace(/\n+$/, '\n'))
    await harness.screenshot(bob.page, 'duplicates-sample-removals-accepted')
  })
})
