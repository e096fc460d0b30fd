import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness, type User, BROWSER_TEST_TIMEOUT } from './harness'

let harness: Harness
let ivy: User

beforeAll(async () => {
  // A small upload limit keeps the too-large case quick.
  harness = await startHarness({ maxUploadBytes: 1024 * 1024 })
  ivy = await harness.newUser({ name: 'Ivy', color: '#c2410c' })
  await ivy.page.goto(`${harness.url}/#/`)
  await ivy.page.getByTestId('document-list').waitFor()
})
afterAll(async () => harness?.close())

describe('uploading a document through the UI', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('adds a chosen .txt file to the list and opens it, one paragraph per line', async () => {
    const { page } = ivy
    const text = '上传测试标题\n\n第一段：一带一路。\n第二段 with English.\n'
    await page.getByTestId('upload-input').setInputFiles({ name: 'upload-test.txt', mimeType: 'text/plain', buffer: Buffer.from(text) })
    const done = page.getByTestId('upload-done')
    await done.waitFor()
    expect(await done.textContent()).toContain('Added')
    const row = page.getByTestId('document-row').filter({ hasText: '上传测试标题' })
    await row.waitFor()
    expect(await row.textContent()).toContain(`${'上传测试标题\n\n第一段：一带一路。\n\n第二段 with English.'.length} characters`)
    await harness.screenshot(page, 'upload-done')

    await done.getByRole('link').click()
    await page.waitForSelector('[data-testid="connection-status"][data-state="synced"]')
    const paragraphs = await page.locator('.ProseMirror p').allTextContents()
    expect(paragraphs).toEqual(['上传测试标题', '第一段：一带一路。', '第二段 with English.'])
    await page.goto(`${harness.url}/#/`)
    await page.getByTestId('document-list').waitFor()
  })

  it('accepts a file dropped on the drop zone, and says when the text is already there', async () => {
    const { page } = ivy
    await page.getByTestId('upload-dropzone').evaluate((zone) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File(['上传测试标题\n\n第一段：一带一路。\n第二段 with English.\n'], 'again.md', { type: 'text/markdown' }))
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    })
    await page.getByTestId('upload-done').filter({ hasText: 'Already in the workspace' }).waitFor()
  })

  it('explains why a file is refused', async () => {
    const { page } = ivy
    const error = page.getByTestId('upload-error')
    await page.getByTestId('upload-input').setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) })
    await error.filter({ hasText: 'not valid UTF-8' }).waitFor()

    await page.getByTestId('upload-input').setInputFiles({ name: 'picture.png', mimeType: 'image/png', buffer: Buffer.from('not text') })
    await error.filter({ hasText: 'not a .txt or .md file' }).waitFor()

    // Over the server's limit: the server's own message is shown.
    const big = Buffer.alloc(1024 * 1024 + 3, '文\n')
    await page.getByTestId('upload-input').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: big })
    await error.filter({ hasText: /larger than|too large/ }).waitFor({ timeout: 10_000 })
    await harness.screenshot(page, 'upload-error')
  })
})
