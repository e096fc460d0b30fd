import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, SCREENSHOT_DIR, docRoute, openEditor, startHarness, type Harness, type User } from './harness'

const SAMPLE = 'documents/china-central-asia-summit-2025-06-17.txt'
const HOSTILE = '<img src=x onerror=alert(1)> ]]> & more'

let harness: Harness
let ana: User

/** W3C annotations on two passages of the sample (a typo with a fix, a note), and one that anchors nowhere. */
async function annotationFile(): Promise<string> {
  const text = await readFile(SAMPLE, 'utf8')
  const quoteOf = (exact: string) => {
    const at = text.indexOf(exact)
    return { type: 'TextQuoteSelector', exact, prefix: text.slice(Math.max(0, at - 8), at).replace(/\n+/g, '\n\n'), suffix: '' }
  }
  const note = text.split('\n').find((line) => line.length > 40)!.slice(0, 18)
  const annotation = (id: string, exact: string, bodies: object[]) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:test:${id}`,
    type: 'Annotation',
    creator: { type: 'Person', name: 'Ana' },
    created: '2026-11-25T10:00:00Z',
    body: bodies,
    target: { source: 'urn:test:doc', selector: quoteOf(exact) },
  })
  return JSON.stringify({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    total: 3,
    first: {
      type: 'AnnotationPage',
      items: [
        annotation('typo', '自已', [
          { type: 'TextualBody', purpose: 'tagging', value: 'typo' },
          { type: 'TextualBody', purpose: 'commenting', value: HOSTILE },
          { type: 'TextualBody', purpose: 'editing', value: '自己' },
        ]),
        annotation('note', note, [{ type: 'TextualBody', purpose: 'commenting', value: 'Opening of the lead story.' }]),
        annotation('lost', 'a sentence this newspaper never printed', [{ type: 'TextualBody', value: 'nowhere' }]),
      ],
    },
  })
}

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#1d4ed8' })
  await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
})
afterAll(async () => harness?.close())

describe('export and import from the document view', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('imports a W3C file from the Import dialog and reports what it could not place', async () => {
    const { page } = ana
    // Import is reached from the Export dialog (the header keeps one tab stop per pane).
    await page.getByTestId('open-export').click()
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Import annotations…' }).click()
    const dialog = page.getByTestId('import-dialog')
    await dialog.waitFor()
    expect(await dialog.getByRole('heading').textContent()).toContain('Import annotations')
    await dialog.getByLabel('Annotation file').setInputFiles({ name: 'annotations.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(await annotationFile()) })
    await dialog.getByTestId('import-submit').click()
    const report = dialog.getByTestId('import-report')
    await report.filter({ hasText: 'Imported 2 annotations' }).waitFor()
    expect(await report.textContent()).toContain('1 could not be placed')
    expect(await report.textContent()).toContain('a sentence this newspaper never printed')
    await harness.screenshot(page, 'import-report')
    // The imported annotations reach the editor live, through the shared document.
    await page.getByTestId('annotation-card').nth(1).waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-export')
  })

  it('downloads the HTML edition from the Export dialog, which renders in Chromium with the comment inert', async () => {
    const { page } = ana
    await page.getByTestId('open-export').click()
    const dialog = page.getByTestId('export-dialog')
    await dialog.waitFor()
    // Labelled controls: every format is a radio named by its label, described by its line.
    const html = dialog.getByRole('radio', { name: 'HTML page' })
    expect(await html.isChecked()).toBe(true)
    expect(await html.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await dialog.getByRole('radio', { name: 'TEI P5 XML' }).getAttribute('aria-describedby')).toBeTruthy()
    await harness.screenshot(page, 'export-dialog')

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()])
    expect(download.suggestedFilename()).toBe(`${harness.sampleId}.html`)
    const edition = await readFile((await download.path())!, 'utf8')
    expect(edition).toContain('&lt;img src=x onerror=alert(1)&gt; ]]&gt; &amp; more')
    await dialog.getByText(`Downloaded ${harness.sampleId}.html`).waitFor()

    const file = resolve(join(SCREENSHOT_DIR, 'export-edition.html'))
    await writeFile(file, edition)
    const reader = await harness.browser.newPage({ viewport: { width: 1100, height: 1400 } })
    const requests: string[] = []
    reader.on('request', (request) => requests.push(request.url()))
    let alerted = false
    reader.on('dialog', (d) => {
      alerted = true
      void d.dismiss()
    })
    await reader.goto(`file://${file}`)
    expect(await reader.locator('img').count()).toBe(0)
    expect(await reader.title()).toBeTruthy()
    expect(await reader.locator('body').textContent()).toContain(HOSTILE)
    expect(requests).toEqual([`file://${file}`])
    expect(alerted).toBe(false)
    await reader.screenshot({ path: join(SCREENSHOT_DIR, 'export-edition.png') })
    await reader.locator('body').getByText(HOSTILE).first().scrollIntoViewIfNeeded()
    await reader.screenshot({ path: join(SCREENSHOT_DIR, 'export-edition-notes.png') })
    await reader.close()
  })

  it('shows the server error in the dialog and closes on Escape', async () => {
    const { page } = ana
    // A refused export (here a stubbed 400) is reported in the dialog, with the server's message.
    await page.route('**/export?*', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { id: 'unknown-export-format', message: 'unknown format "x"' } }) }))
    const dialog = page.getByTestId('export-dialog')
    await dialog.getByRole('radio', { name: 'Markdown' }).check()
    await dialog.getByTestId('export-download').click()
    await dialog.getByTestId('export-error').filter({ hasText: 'unknown format "x"' }).waitFor()
    await page.unroute('**/export?*')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-export')
  })
})
