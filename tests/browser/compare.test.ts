import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, startHarness, type Harness, type User } from './harness'
import type { Page } from 'playwright-core'

let harness: Harness
let ana: User
let ben: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#1d4ed8' })
  ben = await harness.newUser({ name: 'Ben', color: '#be123c' })
})
afterAll(async () => harness?.close())

describe('compare view', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('opens the proposed five-point comparison from the document, aligned, with a legend in words', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/doc/${encodeURIComponent(harness.sampleId)}`)
    await page.getByTestId('open-compare').click()
    const proposal = page.locator('[data-testid="proposal"][data-reason="continuation"]').first()
    await proposal.waitFor()
    expect(await proposal.textContent()).toMatch(/一要…五要.*against 三要…五要/)
    await proposal.click()
    await page.getByTestId('compare-row').first().waitFor()
    expect(page.url()).toMatch(/#\/compare\/[^/]+\/\d+-\d+\/\d+-\d+$/)

    expect(await page.getByTestId('pane-a-label').textContent()).toMatch(/^A\s+¶26–35 一要/)
    expect(await page.getByTestId('pane-b-label').textContent()).toMatch(/^B\s+¶70–74 三要/)
    const legend = await page.getByTestId('compare-legend').textContent()
    for (const words of ['changed', 'only in A', 'only in B', 'moved', 'decided']) expect(legend).toContain(words)

    // Aligned: each row holds both sides in one grid row, so the two cells start at the same height.
    const tops = await page.getByTestId('compare-row').evaluateAll((rows) => rows.map((row) => {
      const [a, b] = row.querySelectorAll('[role="cell"]')
      return Math.round(a.getBoundingClientRect().top) - Math.round(b.getBoundingClientRect().top)
    }))
    expect(tops.every((d) => d === 0)).toBe(true)
    const kinds = await page.getByTestId('compare-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))
    expect(kinds).toContain('equal')
    expect(kinds).toContain('changed')
    expect(kinds).toContain('only-a')
    // Page 1's points one and two are missing from the continuation: the first row is only in A, with a worded spacer in B.
    expect(kinds[0]).toBe('only-a')
    expect(await page.getByTestId('cell-b').first().textContent()).toContain('not in B')
    // Character-level marks inside a changed row, on both sides.
    const changed = page.locator('[data-testid="compare-row"][data-kind="changed"]')
    expect(await changed.locator('mark.diff-a').count()).toBeGreaterThan(0)
    expect(await changed.locator('mark.diff-b').count()).toBeGreaterThan(0)
    // Unchanged characters inside a difference are not marked: page 1's text under 三要 is the
    // continuation's 四要 text, one misplaced block at each place (#17); the continuation's copy
    // ("…支持深化地方合作…") is all in page 1's ("…中方支持深化中国中亚地方合作…"), so only page 1's side has marks.
    const movedA = page.locator('[data-testid="compare-row"][data-kind="moved-a"]')
    const movedB = page.locator('[data-testid="compare-row"][data-kind="moved-b"]')
    expect([await movedA.count(), await movedB.count()]).toEqual([1, 1])
    expect(await movedB.locator('[data-testid="cell-b"] .text').textContent()).toContain('支持深化地方合作')
    expect(await movedB.locator('[data-testid="cell-b"] .text mark').count()).toBe(0)
    expect(await movedA.locator('[data-testid="cell-a"] .text mark').allTextContents()).toContain('在中国高校增设中亚语言专业，继续实施好“中国－中亚技术技能提升计划”，')
    await harness.screenshot(page, 'compare-five-points')

    // Keyboard: j goes to the next difference and focuses it; k goes back.
    await page.getByTestId('next-difference').click()
    await page.keyboard.press('j')
    expect(await page.getByTestId('difference-count').textContent()).toMatch(/Difference 2 of \d+/)
    await page.keyboard.press('k')
    expect(await page.getByTestId('difference-count').textContent()).toMatch(/Difference 1 of \d+/)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('compare-row')
  })

  it('records a decision that a second editor sees within a second, with its variant annotations', async () => {
    const hash = new URL(ana.page.url()).hash
    await ben.page.goto(`${harness.url}/${hash}`)
    await ben.page.getByTestId('compare-row').first().waitFor()

    const row = ana.page.locator('[data-testid="compare-row"][data-kind="changed"]').last()
    const decisionId = (await row.getAttribute('data-decision'))!
    await row.scrollIntoViewIfNeeded()
    await row.focus()
    await ana.page.keyboard.press('Enter')
    const form = ana.page.getByTestId('decision-form')
    // The form takes the focus on the reading choice.
    await expect.poll(() => ana.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reading-a')
    await form.getByTestId('reading-b').check()
    await form.getByTestId('decision-note').fill('the continuation reads better')
    await harness.screenshot(ana.page, 'compare-decision-form')
    const started = Date.now()
    await form.getByTestId('record-decision').click()

    const benRow = ben.page.locator(`[data-testid="compare-row"][data-decision="${decisionId}"]`)
    await benRow.getByTestId('decided-badge').waitFor({ timeout: 5000 })
    const elapsed = Date.now() - started
    console.log(`compare: Ben saw Ana's decision after ${elapsed} ms`)
    expect(elapsed).toBeLessThan(1000)
    expect(await benRow.getByTestId('decided-badge').textContent()).toMatch(/decided: reading B · Ana/)
    await benRow.scrollIntoViewIfNeeded()
    await harness.screenshot(ben.page, 'compare-ben-sees-decision')

    // The decision became two linked variant annotations in the document, for Ben too.
    await ben.page.goto(`${harness.url}/#/doc/${encodeURIComponent(harness.sampleId)}`)
    for (const side of ['a', 'b']) {
      await ben.page.locator(`.ProseMirror .ann[data-annotations~="${decisionId}.${side}"]`).first().waitFor({ timeout: 5000 })
    }
    const card = ben.page.locator(`[data-testid="annotation-card"][data-annotation-id="${decisionId}.a"]`)
    await card.waitFor()
    expect(await card.getByTestId('annotation-type').textContent()).toBe('Variant')
    expect(await card.textContent()).toContain('Decision: reading B')
  })

  it('keeps what the picker lists in place when the near-duplicate search ends', async () => {
    // A fresh page (its own analysis worker), whose worker script is held back a while,
    // so the picker is seen before the finds arrive.
    const page = await ana.page.context().newPage()
    await page.route('**/analysis.worker*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await route.continue()
    })
    try {
      await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
      await watchProposalTops(page)
      await page.getByTestId('near-collations-pending').waitFor({ timeout: 15_000 })
      expect(await page.getByTestId('duplicates-pending').count()).toBe(1)
      await page.locator('[data-testid="proposal"][data-reason="near-duplicate"]').first().waitFor({ timeout: 15_000 })
      await page.getByTestId('near-collation-proposals').waitFor()
      expect(await page.getByTestId('near-collations-pending').count()).toBe(0)
      // What was listed before the search ended stayed where it was: the late finds join the ends.
      const tops = await page.evaluate(() => [...(window as unknown as { proposalTops: Map<string, Set<number>> }).proposalTops].map(([label, seen]) => [label, [...seen]] as const))
      expect(tops.length).toBeGreaterThan(0)
      expect(tops.filter(([, seen]) => seen.length > 1)).toEqual([])
      await page.getByTestId('near-collation-proposals').scrollIntoViewIfNeeded()
      await harness.screenshot(page, 'compare-near-collations')
    } finally {
      await page.close()
    }
  })

  it('compares two passages picked by paragraph, and a move link jumps to the other place', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    await page.getByTestId('a-from').waitFor()
    // The duplicate finder (in the analysis worker) adds its near-duplicate passages to the proposals.
    await page.locator('[data-testid="proposal"][data-reason="near-duplicate"]').first().waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('duplicates-pending').count()).toBe(0)
    await harness.screenshot(page, 'compare-proposals')
    // Two places of the sample that share a passage at different positions.
    await page.getByTestId('a-from').selectOption('4')
    await page.getByTestId('a-to').selectOption('9')
    await page.getByTestId('b-from').selectOption('41')
    await page.getByTestId('b-to').selectOption('46')
    await page.getByTestId('compare-manual').click()
    await page.getByTestId('compare-row').first().waitFor()
    expect(await page.getByTestId('pane-a-label').textContent()).toMatch(/¶4–9/)
    expect(await page.getByTestId('pane-b-label').textContent()).toMatch(/¶41–46/)

    const movedA = page.locator('[data-testid="compare-row"][data-kind="moved-a"]')
    const movedB = page.locator('[data-testid="compare-row"][data-kind="moved-b"]')
    expect(await movedA.count()).toBe(1)
    expect(await movedB.count()).toBe(1)
    const link = movedA.getByTestId('move-link')
    expect(await link.textContent()).toMatch(/moved → see B ¶\d+/)
    await link.click()
    const partner = await movedB.getAttribute('data-row')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe(partner)
    expect(await movedB.getAttribute('class')).toContain('flash')
    await harness.screenshot(page, 'compare-move')
    // And back.
    await movedB.getByTestId('move-link').click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('moved-a')
  })
})

/**
 * Records, every frame from now on, the page position of each structural proposal
 * (comparisons and collations, not the near-duplicate ones that arrive later), by label,
 * once the fonts are loaded: window.proposalTops maps each label to the tops it had.
 */
async function watchProposalTops(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tops = new Map<string, Set<number>>()
    ;(window as unknown as { proposalTops: Map<string, Set<number>> }).proposalTops = tops
    const selector = '[data-testid="proposal"]:not([data-reason="near-duplicate"]), [data-testid="collation-proposals"] [data-testid="collation-proposal"]'
    const record = () => {
      if (document.fonts.status === 'loaded') {
        for (const el of document.querySelectorAll(selector)) {
          const key = `${el.getAttribute('data-testid')}: ${el.textContent}`
          const top = el.getBoundingClientRect().top + window.scrollY
          tops.set(key, (tops.get(key) ?? new Set()).add(top))
        }
      }
      requestAnimationFrame(record)
    }
    requestAnimationFrame(record)
  })
}
