import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
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
  it('shows a chosen .txt file before adding it, then adds it to the list and opens it, one paragraph per line', async () => {
    const { page } = ivy
    const text = '上传测试标题\n\n第一段：一带一路。\n第二段 with English.\n'
    await page.getByTestId('upload-input').setInputFiles({ name: 'upload-test.txt', mimeType: 'text/plain', buffer: Buffer.from(text) })
    await page.getByTestId('preview-text').filter({ hasText: '第二段 with English.' }).waitFor()
    expect(await page.getByTestId('preview-confidence').textContent()).toBe('Detected UTF-8, 100% sure')
    expect(await page.getByTestId('preview-encoding').inputValue()).toBe('UTF-8')
    expect(await page.getByTestId('document-row').filter({ hasText: '上传测试标题' }).count()).toBe(0)
    await page.getByTestId('upload-confirm').click()
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
    await page.getByTestId('preview-format').filter({ hasText: 'Markdown' }).waitFor()
    await page.getByTestId('upload-confirm').click()
    await page.getByTestId('upload-done').filter({ hasText: 'Already in the workspace' }).waitFor()
  })

  it('shows the detected encoding of a GB18030 file and records it with the document', async () => {
    const { page } = ivy
    const text = '编码测试：国标文件\n这一段用GB18030编码，中华人民共和国主席习近平出席峰会并发表主旨讲话。\n'
    await page.getByTestId('upload-input').setInputFiles({ name: 'gb.txt', mimeType: 'text/plain', buffer: iconv.encode(text, 'gb18030') })
    await page.getByTestId('preview-text').filter({ hasText: '这一段用GB18030编码' }).waitFor()
    expect(await page.getByTestId('preview-encoding').inputValue()).toBe('GB18030')
    expect(await page.getByTestId('preview-confidence').textContent()).toMatch(/^Detected GB18030, \d+% sure$/)
    await harness.screenshot(page, 'upload-preview-gb18030')
    await page.getByTestId('upload-confirm').click()
    const row = page.getByTestId('document-row').filter({ hasText: '编码测试：国标文件' })
    await row.waitFor()
    expect(await row.getByTestId('document-source').textContent()).toBe('from GB18030 text')
  })

  it('asks for the encoding when unsure, previews the choice, and adds a Word file with its comments', async () => {
    const { page } = ivy
    await page.getByTestId('upload-input').setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) })
    await page.getByTestId('preview-problem').filter({ hasText: 'The encoding is uncertain' }).waitFor()
    expect(await page.getByTestId('upload-confirm').isDisabled()).toBe(true)
    await harness.screenshot(page, 'upload-preview-uncertain')
    await page.getByTestId('preview-encoding').selectOption('ISO-8859-1')
    await page.getByTestId('preview-text').filter({ hasText: 'café' }).waitFor()
    await page.getByTestId('upload-cancel').click()
    expect(await page.getByTestId('upload-preview').count()).toBe(0)

    await page.getByTestId('upload-input').setInputFiles({ name: 'comments.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: readFileSync('tests/fixtures/import/comments.docx') })
    await page.getByTestId('preview-contents').filter({ hasText: '4 paragraphs, 2 annotations' }).waitFor()
    expect(await page.getByTestId('preview-format').textContent()).toBe('Word document (paragraphs and comments)')
    await page.getByTestId('upload-confirm').click()
    const row = page.getByTestId('document-row').filter({ hasText: 'Summit notes' })
    await row.waitFor()
    expect(await row.getByTestId('document-source').textContent()).toBe('from Word')
  })

  it('explains why a file is refused', async () => {
    const { page } = ivy
    const error = page.getByTestId('upload-error')
    const mixed = Buffer.concat([Buffer.from('第一段：一带一路倡议提出十二年来，合作成果丰硕。\n'.repeat(3)), iconv.encode('这一段是GBK。', 'gbk')])
    await page.getByTestId('upload-input').setInputFiles({ name: 'mixed.txt', mimeType: 'text/plain', buffer: mixed })
    const offset = Buffer.byteLength('第一段：一带一路倡议提出十二年来，合作成果丰硕。\n'.repeat(3))
    await page.getByTestId('preview-problem').filter({ hasText: `This is not valid UTF-8: the first bad byte sequence is at byte ${offset}.` }).waitFor()

    await page.getByTestId('upload-input').setInputFiles({ name: 'picture.png', mimeType: 'image/png', buffer: Buffer.from('not text') })
    await error.filter({ hasText: 'is not a file the workspace reads' }).waitFor()

    // Over the server's limit: the server's own message is shown.
    const big = Buffer.alloc(1024 * 1024 + 3, '文\n')
    await page.getByTestId('upload-input').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: big })
    await error.filter({ hasText: /larger than|too large/ }).waitFor({ timeout: 10_000 })
    await harness.screenshot(page, 'upload-error')
  })
})
