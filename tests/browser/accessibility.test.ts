import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness, type User } from './harness'

/**
 * axe-core over every view (issue #18, point 8): no serious or critical
 * violation on the documents list, the editor with each tab, the compare view,
 * the split view and the export dialog. axe's own source is injected into the
 * page, as its documentation describes for browser drivers.
 */

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let harness: Harness
let ana: User

beforeAll(async () => {
  harness = await startHarness()
  // The workspace's CSP forbids inline scripts, axe-core's injection included: this context checks the pages, it does not weaken them.
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' }, { bypassCSP: true })
})
afterAll(async () => harness?.close())

/** The serious and critical violations on the page, as "rule: target, target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe
    const { violations } = await axe.run(document)
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)
  })
  return found
}

describe('no serious or critical accessibility violations', () => {
  it('on the documents list', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/`)
    await page.getByTestId('document-row').first().waitFor()
    expect(await seriousViolations(page)).toEqual([])
  }, BROWSER_TEST_TIMEOUT)

  for (const tab of ['annotations', 'duplicates', 'checks'] as const) {
    it(`in the editor with the ${tab} tab open`, async () => {
      const { page } = ana
      await openEditor(page, harness.url, docRoute(harness.sampleId))
      await page.getByTestId(`tab-${tab}`).click()
      if (tab === 'duplicates') await page.getByTestId('duplicates-panel').waitFor()
      if (tab === 'checks') await page.getByTestId('check-group').first().waitFor({ timeout: 15_000 })
      await harness.screenshot(page, `a11y-editor-${tab}`)
      expect(await seriousViolations(page)).toEqual([])
    }, BROWSER_TEST_TIMEOUT)
  }

  it('in the export dialog', async () => {
    const { page } = ana
    await openEditor(page, harness.url, docRoute(harness.sampleId))
    await page.getByTestId('open-export').click()
    await page.getByTestId('export-dialog').waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
  }, BROWSER_TEST_TIMEOUT)

  it('in the split view', async () => {
    const { page } = ana
    await openEditor(page, harness.url, docRoute(harness.sampleId))
    await page.getByTestId('open-split').click()
    await page.waitForFunction(() => document.querySelectorAll('.ProseMirror').length === 2)
    await harness.screenshot(page, 'a11y-split-view')
    expect(await seriousViolations(page)).toEqual([])
  }, BROWSER_TEST_TIMEOUT)

  it('in the compare view', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/${docRoute(harness.sampleId)}`)
    await page.getByTestId('open-compare').click()
    await page.getByTestId('proposal').first().click({ timeout: 15_000 })
    await page.getByTestId('compare-row').first().waitFor({ timeout: 15_000 })
    await harness.screenshot(page, 'a11y-compare-view')
    expect(await seriousViolations(page)).toEqual([])
  }, BROWSER_TEST_TIMEOUT)
})
