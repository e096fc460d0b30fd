import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../bench/seededRandom'
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
    await harness.screenshot(page, 'duplicates-boilerplate-open')
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
    // In the text, Alt+ArrowDown / Alt+ArrowUp step through the copies too; the panel follows.
    await page.locator('.ProseMirror .hl-current').first().click()
    await page.keyboard.press('Alt+ArrowUp')
    expect(await first.getByTestId('occurrence-position').textContent()).toBe(`Copy 1 of ${copies}`)
    await page.keyboard.press('Alt+ArrowDown')
    expect(await first.getByTestId('occurrence-position').textContent()).toBe(`Copy 2 of ${copies}`)
    expect(await page.locator('.ProseMirror').evaluate((el) => el.contains(document.activeElement) || el === document.activeElement)).toBe(true)
    await first.locator('button.item-main').focus()
    // ArrowDown moves the focus to the next cluster.
    await page.keyboard.press('ArrowDown')
    expect(await clusters.nth(1).locator('button.item-main').evaluate((el) => el === document.activeElement)).toBe(true)
    await harness.screenshot(page, 'duplicates-panel-selected')

    // Keep the second copy, flag the cluster: Bob sees linked duplicate annotations within a second.
    await first.getByTestId('keep-1').check()
    await first.getByTestId('flag-duplicates').click()
    const flaggedAt = Date.now()
    // The kept copy is the edition's text: labelled "Kept copy", the others "Duplicate" (#18 point 5).
    const bobCards = bob.page.locator('[data-testid="annotation-card"]').filter({ has: bob.page.getByTestId('annotation-type').filter({ hasText: /^(Duplicate|Kept copy)$/ }) })
    await expect.poll(() => bobCards.count(), { timeout: 1000, interval: 25 }).toBe(copies)
    expect(Date.now() - flaggedAt).toBeLessThan(1000)
    const comments = await bobCards.getByTestId('comment-text').allTextContents()
    expect(comments.filter((c) => c.includes('This copy is kept.'))).toHaveLength(1)
    expect(comments[1]).toContain('This copy is kept.')
    await expect.poll(() => bob.page.locator('.ProseMirror .ann-label').filter({ hasText: 'Duplicate' }).count()).toBe(copies - 1)
    expect(await bob.page.locator('.ProseMirror .ann-label').filter({ hasText: 'Kept copy' }).count()).toBe(1)
    const keptCard = bobCards.filter({ has: bob.page.getByTestId('annotation-type').filter({ hasText: 'Kept copy' }) })
    expect(await keptCard.getByTestId('comment-text').textContent()).toContain('This copy is kept.')
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
    // After the last paragraph, away from every cluster. Ctrl+End goes to the end of the
    // document wherever its last line wraps; End alone would stop at the clicked line's end.
    const last = page.locator('.ProseMirror p').last()
    await last.scrollIntoViewIfNeeded()
    await last.click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    const sentence = '这是一段专门为测试而写的很长的句子，它包含了足够多的汉字来超过重复检测的最小长度阈值，一共写两遍。'
    await page.keyboard.insertText(sentence)
    await page.keyboard.press('Enter')
    await page.keyboard.insertText(sentence)
    await expect.poll(() => page.locator('.ProseMirror p').evaluateAll((els) => els.slice(-2).map((el) => el.textContent)), { timeout: 5000 }).toEqual([sentence, sentence])
    await expect.poll(() => page.getByTestId('duplicates-status').textContent(), { timeout: 10_000 }).toMatch(/duplicated passage/)
    await expect.poll(async () => Number(await count.textContent()), { timeout: 10_000 }).toBe(before + 1)
    // The list grew while shown: it says why.
    await expect.poll(() => page.getByTestId('duplicates-change-note').textContent()).toBe(`Up from ${before}: the text changed since the last run (an edit here or by another editor).`)
  })
})

/** Seeded Han text: `count` paragraphs of `length` characters drawn from the common-character block. */
function hanParagraphs(count: number, length: number, seed: number): string[] {
  const next = seededRandom(seed)
  return Array.from({ length: count }, () => Array.from({ length }, (_, i) => (i % 25 === 24 ? '，' : String.fromCharCode(0x4e00 + Math.floor(next() * 3000)))).join('') + '。')
}

describe('Duplicates panel on other documents', () => {
  it('says clearly when nothing repeats', async () => {
    const id = await harness.uploadText('no-repeats.txt', `${hanParagraphs(6, 60, 7).join('\n\n')}\n`)
    const { page } = bob
    await openEditor(page, harness.url, docRoute(id))
    await page.getByTestId('tab-duplicates').click()
    await page.getByTestId('duplicates-empty').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('cluster').count()).toBe(0)
    await page.getByTestId('tab-checks').click()
    await page.getByTestId('checks-empty').waitFor({ timeout: 10_000 })
    await harness.screenshot(page, 'duplicates-empty-checks')
  })

  it('lists a repeated section of an English text with its first words', async () => {
    const section = 'The committee reviewed the annual budget and agreed that the remaining funds should be spent on repairing the old library roof before winter.'
    const text = ['Minutes of the March meeting.', section, 'Other business was deferred to the next meeting by a show of hands.', 'Continued from page one.', section, 'The meeting closed at nine.'].join('\n\n')
    const id = await harness.uploadText('english.txt', `${text}\n`)
    const { page } = bob
    await openEditor(page, harness.url, docRoute(id))
    await page.getByTestId('tab-duplicates').click()
    const clusters = page.getByTestId('cluster-list').getByTestId('cluster')
    await clusters.first().waitFor({ timeout: 10_000 })
    expect(await clusters.count()).toBe(1)
    expect(await clusters.first().locator('.quote').first().textContent()).toBe('The committee reviewed the annual budget and…')
    await clusters.first().locator('button.item-main').click()
    await expect.poll(() => page.locator('.ProseMirror .hl').count()).toBeGreaterThanOrEqual(2)
    await harness.screenshot(page, 'duplicates-english')
  })

  it('shows progress on a large document, then its planted duplicate', async () => {
    const paragraphs = hanParagraphs(800, 400, 11)
    paragraphs.splice(700, 0, paragraphs[100])
    const id = await harness.uploadText('large.txt', `${paragraphs.join('\n\n')}\n`)
    const { page } = bob
    // A fresh page: going to another document is only a hash change, which keeps the side
    // panel on Duplicates from the test before, so the detection (and its progress bar)
    // would start before the observer below is installed.
    await page.goto('about:blank')
    await openEditor(page, harness.url, docRoute(id))
    expect(await page.getByTestId('tab-duplicates').getAttribute('aria-selected')).toBe('false')
    // Record whether a progress bar was ever rendered (the run may be short).
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean }
      w.sawProgress = false
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="duplicates-status"] progress')) w.sawProgress = true
      }).observe(document.body, { childList: true, subtree: true })
    })
    await page.getByTestId('tab-duplicates').click()
    const clusters = page.getByTestId('cluster-list').getByTestId('cluster')
    await clusters.first().waitFor({ timeout: 15_000 })
    expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true)
    expect(await clusters.count()).toBe(1)
    expect(await clusters.first().locator('.meta strong').textContent()).toBe('×2')
  })
})

describe('side panel', () => {
  it('folds to a strip and back, and narrows when the annotation list is hidden', async () => {
    const { page } = ana
    await openEditor(page, harness.url, docRoute(harness.sampleId))
    const panel = page.getByTestId('side-panel')
    const wide = (await panel.boundingBox())!.width
    await page.getByTestId('fold-side-panel').click()
    const folded = (await panel.boundingBox())!.width
    expect(folded).toBeLessThan(wide / 4)
    await harness.screenshot(page, 'side-panel-folded')
    await page.getByTestId('strip-checks').click()
    expect(await page.getByTestId('tab-checks').getAttribute('aria-selected')).toBe('true')
    expect((await panel.boundingBox())!.width).toBe(wide)
    // The annotation list's own Hide still gives the text the room.
    await page.getByTestId('tab-annotations').click()
    await page.getByTestId('annotation-sidebar').getByRole('button', { name: 'Hide' }).click()
    expect((await panel.boundingBox())!.width).toBeLessThan(wide / 4)
    await page.getByTestId('annotation-sidebar').getByRole('button', { name: 'Show' }).click()
    expect((await panel.boundingBox())!.width).toBe(wide)
  })
})
