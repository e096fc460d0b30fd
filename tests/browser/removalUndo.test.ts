import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, startHarness, type Harness, type User } from './harness'

/*
 * #18 point 4: nothing deleted for good by one click. A cleared decision (with its
 * variant annotations) and a deleted collation come back with Ctrl+Z in the view, or
 * the toast's Undo, for every editor.
 */

let harness: Harness
let ana: User
let ben: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#1d4ed8' })
  ben = await harness.newUser({ name: 'Ben', color: '#be123c' })
})
afterAll(async () => harness?.close())

/** The ids of the variant annotations in the document, as the server holds them (the W3C export). */
async function variantAnnotationIds(): Promise<string[]> {
  const response = await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/export?format=w3c`)
  const json = (await response.json()) as { first?: { items: { id: string }[] }; items?: { id: string }[] }
  const items = json.first?.items ?? json.items ?? []
  return items.map((item) => item.id).filter((id) => /d-\d+-\d+-\d+-\d+\.[ab]$/.test(id)).map((id) => id.slice(id.lastIndexOf(':') + 1)).sort()
}

describe('undoing removals', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  let compareHash = ''

  it('a cleared decision comes back, with its variant annotations, by Ctrl+Z in the compare view; Ben sees both', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    await page.locator('[data-testid="proposal"][data-reason="continuation"]').first().click()
    await page.getByTestId('compare-row').first().waitFor()
    compareHash = new URL(page.url()).hash
    await ben.page.goto(`${harness.url}/${compareHash}`)
    await ben.page.getByTestId('compare-row').first().waitFor()

    // Ana records reading B on the last changed row.
    const row = page.locator('[data-testid="compare-row"][data-kind="changed"]').last()
    const decisionId = (await row.getAttribute('data-decision'))!
    await row.scrollIntoViewIfNeeded()
    await row.focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('decision-form').getByTestId('reading-b').check()
    await page.getByTestId('decision-form').getByTestId('record-decision').click()
    const benBadge = ben.page.locator(`[data-testid="compare-row"][data-decision="${decisionId}"]`).getByTestId('decided-badge')
    await benBadge.waitFor({ timeout: 15_000 })
    await expect.poll(variantAnnotationIds, { timeout: 15_000 }).toEqual([`${decisionId}.a`, `${decisionId}.b`])

    // She clears it: gone for Ben, an undo offered.
    if (!(await page.getByTestId('decision-form').isVisible())) {
      await row.focus()
      await page.keyboard.press('Enter')
    }
    await page.getByTestId('decision-form').getByTestId('clear-decision').click()
    await expect.poll(() => benBadge.count(), { timeout: 15_000 }).toBe(0)
    await expect.poll(variantAnnotationIds, { timeout: 15_000 }).toEqual([])
    expect(await page.getByTestId('undo-toast').textContent()).toContain('Decision cleared for everyone.')
    await harness.screenshot(page, 'removal-decision-cleared')

    // Ctrl+Z in the view: the decision and both variant annotations are back, for Ben too.
    await page.keyboard.press('Control+z')
    await benBadge.waitFor({ timeout: 15_000 })
    expect(await benBadge.textContent()).toMatch(/decided: reading B · Ana/)
    await expect.poll(variantAnnotationIds, { timeout: 15_000 }).toEqual([`${decisionId}.a`, `${decisionId}.b`])
    expect(await page.getByTestId('undo-toast').count()).toBe(0)
  })

  it('a cleared collation decision, then the deleted collation, come back with Ctrl+Z and the toast\'s Undo, for Ben too', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/${compareHash}`)
    await page.getByTestId('compare-row').first().waitFor()
    await page.getByTestId('save-as-collation').click()
    await page.getByTestId('collation-row').first().waitFor()
    const collationHash = new URL(page.url()).hash
    await ben.page.goto(`${harness.url}/${collationHash}`)
    await ben.page.getByTestId('collation-row').first().waitFor()

    // Ana records reading B on the first difference; she clears it; Ctrl+Z brings it back, for Ben too.
    await page.getByTestId('next-difference').click()
    await page.keyboard.press('Enter')
    const form = page.getByTestId('collation-decision-form')
    await form.waitFor()
    await form.getByTestId('reading-B').check()
    await form.getByTestId('record-decision').click()
    const benDecisions = ben.page.getByTestId('collation-decision')
    await benDecisions.first().waitFor({ timeout: 15_000 })
    await page.getByTestId('clear-collation-decision').click()
    await expect.poll(() => benDecisions.count(), { timeout: 15_000 }).toBe(0)
    expect(await page.getByTestId('undo-toast').textContent()).toContain('Decision cleared.')
    await page.keyboard.press('Control+z')
    await expect.poll(() => benDecisions.count(), { timeout: 15_000 }).toBe(1)
    expect(await benDecisions.first().textContent()).toMatch(/Reading B/)

    const remove = async () => {
      await page.getByTestId('delete-collation').click()
      await page.getByTestId('delete-collation').click()
      for (const user of [ana, ben]) await user.page.getByText('This collation is not in the document').waitFor({ timeout: 15_000 })
      expect(await page.getByTestId('undo-toast').textContent()).toContain('Collation deleted for everyone.')
    }
    await remove()
    await harness.screenshot(page, 'removal-collation-deleted')
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click()
    for (const user of [ana, ben]) await user.page.getByTestId('collation-row').first().waitFor({ timeout: 15_000 })

    await remove()
    await page.keyboard.press('Control+z')
    for (const user of [ana, ben]) await user.page.getByTestId('collation-row').first().waitFor({ timeout: 15_000 })
    expect(await ben.page.getByTestId('column-head').evaluateAll((heads) => heads.map((h) => h.getAttribute('data-siglum')))).toEqual(['A', 'B'])
  })
})
