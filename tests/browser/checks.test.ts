import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docRoute, editorParagraphs as paragraphs, openEditor, startHarness, type Harness, type User } from './harness'

let harness: Harness
let ana: User
let bob: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
})
afterAll(async () => harness?.close())

describe('Checks panel in two browsers', () => {
  it('lists findings by rule, applies a layout-break fix for both users as one undoable step', async () => {
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
    await openEditor(bob.page, harness.url, docRoute(harness.sampleId))
    const { page } = ana
    await page.getByTestId('tab-checks').click()
    const groups = page.getByTestId('check-group')
    await groups.first().waitFor({ timeout: 10_000 })
    const rules = await groups.evaluateAll((els) => els.map((el) => el.getAttribute('data-rule')))
    expect(rules).toEqual(expect.arrayContaining(['layout-break', 'continuation-marker', 'fragment', 'script-intrusion', 'typo']))
    // Each group states what its rule looks for.
    expect(await groups.first().locator('.section-desc').textContent()).toMatch(/cut mid-sentence/)
    await harness.screenshot(page, 'checks-panel-groups')

    // The first layout break: its two halves are separate paragraphs.
    const breaks = page.locator('[data-testid="check-group"][data-rule="layout-break"] [data-testid="finding"]')
    const breakCount = await breaks.count()
    expect(breakCount).toBeGreaterThan(2)
    const finding = breaks.first()
    expect(await finding.getByTestId('fix-description').textContent()).toBe('Fix: Join the two paragraphs')
    const quote = (await finding.locator('.quote').textContent())!
    const [head, tail] = quote.split(' ⁋ ').map((s) => s.replace('…', ''))
    const before = await paragraphs(page)
    const cut = before.findIndex((p, i) => p.endsWith(head) && before[i + 1]?.startsWith(tail))
    expect(cut).toBeGreaterThanOrEqual(0)
    const joined = before[cut] + before[cut + 1]

    // Go to it: highlighted in the text.
    await finding.locator('button.item-main').click()
    await expect.poll(() => page.locator('.ProseMirror .hl-current').count()).toBeGreaterThan(0)
    await harness.screenshot(page, 'checks-finding-selected')

    await finding.getByTestId('apply-fix').click()
    for (const user of [ana, bob]) {
      await expect.poll(() => paragraphs(user.page), { timeout: 2000 }).toEqual([...before.slice(0, cut), joined, ...before.slice(cut + 2)])
    }
    // The findings refresh: one layout break fewer.
    await expect.poll(() => breaks.count(), { timeout: 5000 }).toBe(breakCount - 1)
    await harness.screenshot(page, 'checks-after-fix')

    // One undo in Ana's editor restores the two paragraphs for both.
    await page.locator('.ProseMirror p').nth(0).click({ position: { x: 4, y: 6 } })
    await page.keyboard.press('Control+z')
    for (const user of [ana, bob]) {
      await expect.poll(() => paragraphs(user.page), { timeout: 2000 }).toEqual(before)
    }
    await expect.poll(() => breaks.count(), { timeout: 5000 }).toBe(breakCount)
  })

  it('turns a finding into an annotation and its fix into a suggestion, both seen by the other editor', async () => {
    const { page } = ana
    const typo = page.locator('[data-testid="check-group"][data-rule="typo"] [data-testid="finding"]').first()
    await typo.getByTestId('annotate-finding').click()
    await expect.poll(() => typo.getByTestId('annotate-finding').textContent()).toBe('Annotated')
    await typo.getByTestId('suggest-fix').click()
    const cards = bob.page.locator('[data-testid="annotation-card"]')
    await expect.poll(async () => (await cards.getByTestId('annotation-type').allTextContents()).sort(), { timeout: 1000, interval: 25 }).toEqual(['Suggestion', 'Typo'])
    await harness.screenshot(bob.page, 'checks-bob-sees-annotations')
  })

  it('reaches the findings with the keyboard', async () => {
    const { page } = ana
    const items = page.locator('[data-testid="finding"] button.item-main')
    await items.first().focus()
    await page.keyboard.press('ArrowDown')
    expect(await items.nth(1).evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('End')
    expect(await items.last().evaluate((el) => el === document.activeElement)).toBe(true)
    // Tabs: arrow keys move between Annotations, Duplicates and Checks.
    await page.getByTestId('tab-checks').focus()
    await page.keyboard.press('ArrowLeft')
    expect(await page.getByTestId('tab-duplicates').getAttribute('aria-selected')).toBe('true')
    await page.getByTestId('duplicates-panel').waitFor()
  })

  it('applies every fix of a rule as one step: no layout break left, one undo brings them all back', async () => {
    const { page } = ana
    await page.getByTestId('tab-checks').click()
    const before = await paragraphs(page)
    const breaks = page.locator('[data-testid="check-group"][data-rule="layout-break"] [data-testid="finding"]')
    const count = await breaks.count()
    await page.getByTestId('fix-all-layout-break').click()
    // Nothing changes before the preview is confirmed.
    await page.getByTestId('preview-confirm').click()
    await expect.poll(async () => (await paragraphs(bob.page)).length, { timeout: 2000 }).toBe(before.length - count)
    await page.locator('[data-testid="check-group"][data-rule="layout-break"]').waitFor({ state: 'detached', timeout: 5000 })
    await harness.screenshot(page, 'checks-all-breaks-fixed')
    await page.locator('.ProseMirror p').nth(0).click({ position: { x: 4, y: 6 } })
    await page.keyboard.press('Control+z')
    await expect.poll(() => paragraphs(bob.page), { timeout: 2000 }).toEqual(before)
    await expect.poll(() => breaks.count(), { timeout: 5000 }).toBe(count)
  })

  it('applies a fix while another editor is typing, at the passage where it is now', async () => {
    const { page } = ana
    const typo = page.locator('[data-testid="check-group"][data-rule="typo"] [data-testid="finding"]').first()
    const wrong = (await typo.locator('.quote').textContent())!
    const right = (await typo.getByTestId('fix-description').textContent())!.match(/with “(.+)”/)![1]
    const before = (await paragraphs(page)).filter((p) => p.includes(wrong)).length
    expect(before).toBeGreaterThan(0)
    // Bob types at the very start: every offset the checks computed is now off by one.
    await bob.page.locator('.ProseMirror p').nth(0).click({ position: { x: 4, y: 6 } })
    await bob.page.keyboard.press('Control+Home')
    await bob.page.keyboard.type('乙')
    await expect.poll(async () => (await paragraphs(page))[0].startsWith('乙'), { timeout: 2000 }).toBe(true)
    expect(await page.getByTestId('checks-status').textContent()).toContain('updating')
    await typo.getByTestId('apply-fix').click()
    for (const user of [ana, bob]) {
      await expect.poll(async () => (await paragraphs(user.page)).filter((p) => p.includes(wrong)).length, { timeout: 2000 }).toBe(before - 1)
      expect((await paragraphs(user.page))[0].startsWith('乙')).toBe(true)
      expect((await paragraphs(user.page)).some((p) => p.includes(right))).toBe(true)
    }
  })
})
