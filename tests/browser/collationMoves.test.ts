import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, startHarness, type Harness, type User } from './harness'

/*
 * #17 "displaced text shown as one moved or misplaced block": page 1's text under
 * 三要 that is the continuation's 四要 body, in the collation of page 1 (¶26–35)
 * with the continuation (¶70–74), as two editors see it.
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

/** The moved cells of the parallel view: siglum, row, label, and the text of the block. */
function movedCells(page: Page): Promise<Array<{ siglum: string; row: number; label: string; text: string }>> {
  return page.locator('[data-testid="collation-cell"][data-move]').evaluateAll((cells) => cells.map((cell) => ({
    siglum: cell.getAttribute('data-siglum')!,
    row: Number(cell.closest('[data-row]')!.getAttribute('data-row')),
    label: cell.querySelector('[data-testid="move-link"]')!.textContent!.trim(),
    text: cell.querySelector('.text')!.textContent!,
  })))
}

describe('a misplaced block in the collation views', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('is one block at each place, linked both ways, for both editors, in the parallel and the reading view', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    // the two-version proposal: page 1's points one to five, the continuation's three to five
    const proposal = page.locator('[data-testid="collation-proposals"] li').filter({ has: page.locator('[data-testid="collation-proposal"][data-witnesses="2"]', { hasText: /一要.*三要/ }) }).first()
    await proposal.waitFor({ timeout: 15_000 })
    await proposal.getByTestId('set-up-collation').click()
    await proposal.getByTestId('description-0').fill('page 1')
    await proposal.getByTestId('description-1').fill('continuation')
    await proposal.getByTestId('create-collation').click()
    await page.getByTestId('collation-row').first().waitFor()

    const expectOneBlockEachSide = async (p: Page) => {
      await expect.poll(() => p.locator('[data-testid="collation-cell"][data-move]').count(), { timeout: 15_000 }).toBe(2)
      const cells = await movedCells(p)
      expect(cells.map((c) => c.siglum)).toEqual(['A', 'B'])
      const [a, b] = cells
      expect(a.label).toBe(`⇄ misplaced block 1: see row ${b.row + 1}`)
      expect(b.label).toBe(`⇄ misplaced block 1: see row ${a.row + 1}`)
      // the whole passage in one cell at each place, the other witness absent in that row
      expect(a.text).toMatch(/^中方愿在中亚开发更多文化中心.*“心联通”格局。$/s)
      expect(b.text).toMatch(/^愿在中亚开发更多文化中心.*“心联通”格局。$/s)
      for (const c of cells) {
        const other = c.siglum === 'A' ? 'B' : 'A'
        expect(await p.locator(`[data-row="${c.row}"] [data-testid="collation-cell"][data-siglum="${other}"]`).textContent()).toBe(`— not in ${other}`)
      }
      // A's block stands right under 三要's heading sentence, B's after 四要's opening
      expect(await p.locator(`[data-row="${a.row - 1}"] [data-siglum="A"] .text`).textContent()).toBe('三要打造和平安宁、休戚与共的安全格局。')
      expect(await p.locator(`[data-row="${b.row - 1}"] [data-siglum="B"] .text`).textContent()).toContain('四要拉紧同心同德')
      return { a, b }
    }
    const { a, b } = await expectOneBlockEachSide(page)

    // Ben opens the saved collation and sees the same block; each end's link goes to the other end
    await ben.page.goto(`${harness.url}${new URL(page.url()).hash}`)
    await ben.page.getByTestId('collation-row').first().waitFor({ timeout: 15_000 })
    await expectOneBlockEachSide(ben.page)
    await ben.page.locator(`[data-row="${a.row}"] [data-testid="move-link"]`).click()
    await expect.poll(() => ben.page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe(String(b.row))
    await ben.page.locator(`[data-row="${b.row}"] [data-testid="move-link"]`).click()
    await expect.poll(() => ben.page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe(String(a.row))
    await ben.page.locator(`[data-row="${a.row}"]`).scrollIntoViewIfNeeded()
    await harness.screenshot(ben.page, 'collation-moved-parallel')

    // the reading view over A: the block tagged once at each place, each tag linking to the other
    await page.getByTestId('mode-reading').click()
    const tags = page.getByTestId('reading-move')
    await expect.poll(() => tags.count()).toBe(2)
    expect(await tags.evaluateAll((els) => els.map((el) => el.firstChild!.textContent!.trim()))).toEqual(['⇄ misplaced block 1', '⇄ misplaced block 1'])
    const rows = await tags.evaluateAll((els) => els.map((el) => Number(el.closest('[data-row]')!.getAttribute('data-row'))))
    expect(rows).toEqual([a.row, b.row])
    await tags.nth(0).getByTestId('reading-move-link').click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe(String(b.row))
    // A's side of the block is the lemma at A's place; B's text is its reading at B's place
    expect(await page.locator(`[data-testid="reading-variant"][data-row="${a.row}"] .lemma`).textContent()).toMatch(/^中方愿在中亚开发/)
    expect(await page.locator(`[data-testid="reading-variant"][data-row="${b.row}"] [data-testid="apparatus"]`).textContent()).toMatch(/^B 愿在中亚开发/)
    await page.locator(`[data-testid="reading-variant"][data-row="${a.row}"]`).scrollIntoViewIfNeeded()
    await harness.screenshot(page, 'collation-moved-reading')

    // the pairwise compare of the same two passages says the same: one misplaced block each side
    await ben.page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    await ben.page.locator('[data-testid="proposal"][data-reason="continuation"]').first().click()
    const movedA = ben.page.locator('[data-testid="compare-row"][data-kind="moved-a"]')
    await movedA.waitFor({ timeout: 15_000 })
    expect(await movedA.getByTestId('move-link').textContent()).toMatch(/^\s*⇄ misplaced → see B ¶\d+\s*$/)
    expect(await ben.page.locator('[data-testid="compare-row"][data-kind="moved-b"]').getByTestId('move-link').textContent()).toMatch(/^\s*⇄ misplaced in A ¶\d+\s*$/)
    await movedA.scrollIntoViewIfNeeded()
    await harness.screenshot(ben.page, 'compare-misplaced')
  })
})
