import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, startHarness, type Harness } from './harness'

/**
 * Issue 14, text hygiene: a bidirectional override in an uploaded file's name and in
 * the title taken from its first line is shown as a visible mark, never applied:
 * "notes\u202Etxt.md" would otherwise read as "notesdm.txt".
 */
describe('bidi controls in file names and titles', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  it('shows them as marks to the uploader and to another user', async () => {
    const uploader = await harness.newUser({ name: 'Up', color: '#336699' })
    const other = await harness.newUser({ name: 'Other', color: '#993366' })
    await uploader.page.goto(`${harness.url}/`)
    await uploader.page.getByTestId('upload-input').setInputFiles({
      name: 'notes\u202etxt.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('Report \u202egnp.exe\n\nBody text.\n'),
    })
    const heading = uploader.page.locator('#upload-preview-heading')
    await expect.poll(() => heading.textContent()).toBe('Before adding “notes⟨U+202E⟩txt.md”')
    await harness.screenshot(uploader.page, 'bidi-file-name-preview')
    await uploader.page.getByTestId('upload-confirm').click()
    await uploader.page.getByTestId('upload-done').waitFor()
    expect(await uploader.page.getByTestId('upload-done').textContent()).toContain('Report ⟨U+202E⟩gnp.exe')

    await other.page.goto(`${harness.url}/`)
    const rows = other.page.getByTestId('document-row')
    await expect.poll(() => rows.filter({ hasText: 'Report ⟨U+202E⟩gnp.exe' }).count()).toBe(1)
    // Nowhere on either page is the control character itself in the text.
    for (const page of [uploader.page, other.page]) {
      expect(await page.evaluate(() => document.body.innerText.includes('\u202e'))).toBe(false)
    }
  }, BROWSER_TEST_TIMEOUT)
})
