import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docRoute, openEditor, startHarness, type Harness, type User } from './harness'

let harness: Harness
let ana: User
let bob: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
})
afterAll(async () => harness?.close())

describe('Duplicates panel in two browsers', () => {
  it('lists the clusters, highlights and steps through one, and flags it for both editors', async () => {
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
    await openEditor(bob.page, harness.url, docRoute(harness.sampleId))
    const { page } = ana

    await page.getByTestId('tab-duplicates').click()
    const clusters = page.getByTestId('cluster-list').getByTestId('cluster')
    await clusters.first().waitFor({ timeout: 10_000 })
    // The sample's duplicated passages (feature block, speech paragraph, closing paragraph) are listed apart from boilerplate.
    expect(await clusters.count()).toBeGreaterThanOrEqual(3)
    expect(await clusters.evaluateAll((els) => els.every((el) => el.getAttribute('data-kind') !== 'boilerplate'))).toBe(true)
    expect(await page.getByTestId('boilerplate-list').count()).toBe(0)
    await page.getByTestId('toggle-boilerplate').click()
    const boilerplate = page.getByTestId('boilerplate-list').getByTestId('cluster')
    expect(await boilerplate.count()).toBeGreaterThanOrEqual(2)
    expect(await boilerplate.evaluateAll((els) => els.every((el) => el.getAttribute('data-kind') === 'boilerplate'))).toBe(true)
    await page.getByTestId('toggle-boilerplate').click()
    await harness.screenshot(page, 'duplicates-panel-list')

    // Select the first cluster: every copy is highlighted, the first one is current.
    const first = clusters.first()
    await first.locator('button.item-main').click()
    const copies = Number((await first.locator('.meta strong').textContent())!.replace('×', ''))
    expect(copies).toBeGreaterThanOrEqual(2)
    await expect.poll(() => page.locator('.ProseMirror .hl-current').count()).toBeGreaterThan(0)
    const highlighted = await page.locator('.ProseMirror .hl').evaluateAll((els) => new Set(els.map((el) => el.getAttribute('data-highlight-index'))).size)
    expect(highlighted).toBe(copies)
    expect(await first.getByTestId('occurrence-position').textContent()).toBe(`Copy 1 of ${copies}`)

    // Next (button) and ArrowRight (keyboard, in the list) move to the following copies and scroll them into view.
    await first.getByTestId('next-occurrence').click()
    expect(await first.getByTestId('occurrence-position').textContent()).toBe(`Copy 2 of ${copies}`)
    expect(await page.locator('.ProseMirror .hl-current').first().getAttribute('data-highlight-index')).toBe('1')
    await expect.poll(() => page.locator('.ProseMirror .hl-current').first().evaluate((el) => {
      const box = el.getBoundingClientRect()
      return box.top >= 0 && box.top < window.innerHeight
    })).toBe(true)
    await first.locator('button.item-main').focus()
    await page.keyboard.press('ArrowRight')
    expect(await first.getByTestId('occurrence-position').textContent()).toBe(`Copy ${copies > 2 ? 3 : 1} of ${copies}`)
    await page.keyboard.press('ArrowLeft')
    expect(await first.getByTestId('occurrence-position').textContent()).toBe(`Copy 2 of ${copies}`)
    // ArrowDown moves the focus to the next cluster.
    await page.keyboard.press('ArrowDown')
    expect(await clusters.nth(1).locator('button.item-main').evaluate((el) => el === document.activeElement)).toBe(true)
    await harness.screenshot(page, 'duplicates-panel-selected')

    // Keep the second copy, flag the cluster: Bob sees linked duplicate annotations within a second.
    await first.getByTestId('keep-1').check()
    await first.getByTestId('flag-duplicates').click()
    const flaggedAt = Date.now()
    const bobCards = bob.page.locator('[data-testid="annotation-card"]').filter({ has: bob.page.getByTestId('annotation-type').filter({ hasText: 'Duplicate' }) })
    await expect.poll(() => bobCards.count(), { timeout: 1000, interval: 25 }).toBe(copies)
    expect(Date.now() - flaggedAt).toBeLessThan(1000)
    const comments = await bobCards.getByTestId('comment-text').allTextContents()
    expect(comments.filter((c) => c.includes('This copy is kept.'))).toHaveLength(1)
    expect(comments[1]).toContain('This copy is kept.')
    await expect.poll(() => bob.page.locator('.ProseMirror .ann-label').filter({ hasText: 'Duplicate' }).count()).toBe(copies)
    await harness.screenshot(bob.page, 'duplicates-bob-sees-flags')

    // Both panels show the cluster as flagged (Bob's once he opens it).
    await expect.poll(() => first.getAttribute('data-flagged')).toBe('true')
    expect(await first.getByTestId('flag-duplicates').isDisabled()).toBe(true)
    await bob.page.getByTestId('tab-duplicates').click()
    await bob.page.getByTestId('cluster-list').getByTestId('cluster').first().waitFor({ timeout: 10_000 })
    await expect.poll(() => bob.page.getByTestId('cluster-list').getByTestId('cluster').first().getAttribute('data-flagged')).toBe('true')
    await harness.screenshot(page, 'duplicates-panel-flagged')
  })

  it('re-runs detection after an edit and shows the new result', async () => {
    const { page } = ana
    const count = page.getByTestId('duplicates-count')
    const before = Number(await count.textContent())
    // Type a new paragraph that repeats an existing sentence long enough to count as a duplicate.
    const paragraph = page.locator('.ProseMirror p').last()
    await paragraph.click()
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    const sentence = '这是一段专门为测试而写的很长的句子，它包含了足够多的汉字来超过重复检测的最小长度阈值，一共写两遍。'
    await page.keyboard.insertText(sentence)
    await page.keyboard.press('Enter')
    await page.keyboard.insertText(sentence)
    await expect.poll(() => page.getByTestId('duplicates-status').textContent(), { timeout: 5000 }).toMatch(/duplicated passage/)
    await expect.poll(async () => Number(await count.textContent()), { timeout: 5000 }).toBe(before + 1)
  })
})
