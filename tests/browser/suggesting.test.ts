import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { jingTexts } from '../validators/jing'
import { BROWSER_TEST_TIMEOUT, caretToParagraphEnd, docRoute, editorParagraphs, openEditor, startHarness, type Harness, type User } from './harness'

let harness: Harness
let ana: User
let bob: User
let documentId: string

const TEXT = 'A short note\n\nThe quick brown fox jumps over the lazy dog.\n\nA second paragraph.\n'

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
  documentId = await harness.uploadText('suggesting.txt', TEXT)
})
afterAll(async () => harness?.close())

/** The text of the open tracked changes drawn in the editor, by kind: [id, text] pairs in text order. */
function drawnChanges(page: Page, kind: 'insert' | 'delete'): Promise<Array<[string, string]>> {
  return page.evaluate((k) => {
    const byId = new Map<string, string>()
    for (const el of document.querySelectorAll<HTMLElement>(`.ProseMirror .suggested-${k}`)) {
      const id = el.dataset.changeId!
      byId.set(id, (byId.get(id) ?? '') + (el.textContent ?? ''))
    }
    return [...byId]
  }, kind)
}

async function exportOf(format: 'tei' | 'html'): Promise<string> {
  const response = await fetch(`${harness.url}/api/documents/${encodeURIComponent(documentId)}/export?format=${format}`)
  expect(response.status).toBe(200)
  return response.text()
}

describe('suggesting mode', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('A suggests, B sees it live, accepts one and rejects the other, undo restores; exports show the result', async () => {
    await openEditor(ana.page, harness.url, docRoute(documentId))
    await openEditor(bob.page, harness.url, docRoute(documentId))
    const original = (await editorParagraphs(ana.page))[1]
    expect(original).toBe('The quick brown fox jumps over the lazy dog.')

    // Ana turns suggesting mode on (a toggle button in the editor header).
    const toggle = ana.page.getByTestId('suggesting-toggle')
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    await toggle.focus()
    await ana.page.keyboard.press('Enter')
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await bob.page.getByTestId('suggesting-toggle').getAttribute('aria-pressed')).toBe('false')

    // Backspace ×4 marks "dog." for deletion; typing "cat " proposes an insertion.
    await caretToParagraphEnd(ana.page, 1)
    for (let i = 0; i < 4; i++) await ana.page.keyboard.press('Backspace')
    await ana.page.keyboard.type('cat ')
    expect((await editorParagraphs(ana.page))[1]).toBe('The quick brown fox jumps over the lazy cat dog.')

    // Bob sees both, live, in Ana's colour.
    await expect.poll(() => drawnChanges(bob.page, 'insert').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual(['cat '])
    await expect.poll(() => drawnChanges(bob.page, 'delete').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual(['dog.'])
    const [[insertId]] = await drawnChanges(bob.page, 'insert')
    const [[deleteId]] = await drawnChanges(bob.page, 'delete')
    expect(await bob.page.locator(`.suggested-insert[data-change-id="${insertId}"]`).first().getAttribute('title')).toBe('Suggested insertion by Ana')
    expect(await bob.page.locator(`.suggested-insert[data-change-id="${insertId}"]`).first().evaluate((el) => getComputedStyle(el).color)).toBe('rgb(190, 18, 60)')
    await harness.screenshot(bob.page, 'suggesting-bob-sees-changes')

    // Bob accepts the deletion ("dog." goes) and rejects the insertion ("cat " goes).
    const card = (id: string) => bob.page.locator(`[data-testid="annotation-card"][data-annotation-id="${id}"]`)
    await card(deleteId).getByTestId('accept-suggestion').click()
    await card(insertId).getByTestId('reject-suggestion').click()
    const settled = 'The quick brown fox jumps over the lazy '
    for (const page of [ana.page, bob.page]) await expect.poll(async () => (await editorParagraphs(page))[1], { timeout: 15_000 }).toBe(settled)
    expect(await drawnChanges(ana.page, 'insert')).toEqual([])
    expect(await drawnChanges(ana.page, 'delete')).toEqual([])
    await harness.screenshot(ana.page, 'suggesting-ana-after-settling')

    // The exports show the accepted text with no tracked changes left.
    const settledTei = await exportOf('tei')
    expect(settledTei).not.toMatch(/<add |<del /)
    expect(settledTei).toContain('<p xml:id="p2">The quick brown fox jumps over the lazy </p>')

    // Bob's Ctrl+Z undoes the rejection in one step: "cat " is back as an open insertion, for both.
    await bob.page.locator('.ProseMirror p').nth(2).click()
    await bob.page.keyboard.press('Control+z')
    for (const page of [ana.page, bob.page]) {
      await expect.poll(async () => (await editorParagraphs(page))[1], { timeout: 15_000 }).toBe('The quick brown fox jumps over the lazy cat ')
      await expect.poll(() => drawnChanges(page, 'insert').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual(['cat '])
    }
    await harness.screenshot(bob.page, 'suggesting-bob-after-undo')

    // Exports: TEI <add> around the open insertion (valid against tei_all), HTML <ins>.
    const tei = await exportOf('tei')
    expect(tei).toMatch(/<p xml:id="p2">The quick brown fox jumps over the lazy (<anchor[^>]*\/>)?<add type="suggestion" resp="#[^"]+">cat <\/add>(<anchor[^>]*\/>)?<\/p>/)
    expect(tei).not.toContain('<del ')
    expect(jingTexts({ suggesting: tei }).suggesting).toEqual([])
    const html = await exportOf('html')
    expect(html).toContain('<ins class="suggested" title="Suggested by Ana">cat </ins>')

    // A second undo brings "dog." back as an open deletion.
    await bob.page.keyboard.press('Control+z')
    for (const page of [ana.page, bob.page]) {
      await expect.poll(async () => (await editorParagraphs(page))[1], { timeout: 15_000 }).toBe('The quick brown fox jumps over the lazy cat dog.')
    }
    await expect.poll(() => drawnChanges(ana.page, 'delete').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual(['dog.'])
    await harness.screenshot(ana.page, 'suggesting-ana-after-second-undo')

    // The keyboard turns it off and on again from the text (Google Docs' key).
    await ana.page.locator('.ProseMirror p').nth(2).click()
    await ana.page.keyboard.press('Control+Alt+Shift+X')
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false')
    await ana.page.keyboard.press('Control+Alt+Shift+X')
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true')
  })

  it('marks text typed through an input method as a proposed insertion', async () => {
    // Ana is still in suggesting mode; she composes 中文 at the end of the last paragraph.
    await caretToParagraphEnd(ana.page, 2)
    const cdp = await ana.context.newCDPSession(ana.page)
    for (const pinyin of ['z', 'zhong', 'zhongwen']) {
      await cdp.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length })
    }
    await cdp.send('Input.insertText', { text: '中文' })
    for (const page of [ana.page, bob.page]) {
      await expect.poll(async () => (await editorParagraphs(page))[2], { timeout: 15_000 }).toBe('A second paragraph.中文')
      await expect.poll(() => drawnChanges(page, 'insert').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual(['cat ', '中文'])
    }
    await harness.screenshot(bob.page, 'suggesting-bob-sees-composed-insertion')
  })

  it('marks pasted text as an insertion; Accept all settles every change in one undoable step', async () => {
    await caretToParagraphEnd(ana.page, 0)
    // A paste as the browser delivers it (a ClipboardEvent with text/plain), line breaks and all.
    await ana.page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/plain', ' (draft\nversion)')
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    for (const page of [ana.page, bob.page]) {
      await expect.poll(async () => (await editorParagraphs(page))[0], { timeout: 15_000 }).toBe('A short note (draft version)')
      await expect.poll(() => drawnChanges(page, 'insert').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual([' (draft version)', 'cat ', '中文'])
    }

    // Bob, with nothing selected, accepts all: insertions stay, "dog." goes, no mark is left.
    await bob.page.getByTestId('accept-all-suggestions').click()
    const accepted = ['A short note (draft version)', 'The quick brown fox jumps over the lazy cat ', 'A second paragraph.中文']
    for (const page of [ana.page, bob.page]) {
      await expect.poll(() => editorParagraphs(page), { timeout: 15_000 }).toEqual(accepted)
      await expect.poll(() => page.locator('.suggested-insert, .suggested-delete').count(), { timeout: 15_000 }).toBe(0)
    }
    await harness.screenshot(bob.page, 'suggesting-bob-after-accept-all')

    // One Ctrl+Z brings every mark and "dog." back.
    await bob.page.keyboard.press('Control+z')
    for (const page of [ana.page, bob.page]) {
      await expect.poll(async () => (await editorParagraphs(page))[1], { timeout: 15_000 }).toBe('The quick brown fox jumps over the lazy cat dog.')
      await expect.poll(() => drawnChanges(page, 'insert').then((c) => c.length), { timeout: 15_000 }).toBe(3)
      await expect.poll(() => drawnChanges(page, 'delete').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toEqual(['dog.'])
    }
  })

  it('proposes find-and-replace as tracked changes while suggesting mode is on, as one undoable step', async () => {
    const { page } = ana
    expect(await page.getByTestId('suggesting-toggle').getAttribute('aria-pressed')).toBe('true')
    await caretToParagraphEnd(page, 2)
    await page.keyboard.press('Control+h')
    await page.getByTestId('find-input').fill('second')
    await page.getByTestId('replace-input').fill('third')
    await page.getByTestId('replace-input').press('Control+Enter')
    await expect.poll(() => page.getByTestId('find-message').innerText()).toBe('Proposed 1 as suggestions. Ctrl+Z in the text undoes it.')
    // Nothing is replaced: the old word is marked for deletion and the new one proposed after it, for both users.
    for (const user of [ana, bob]) {
      await expect.poll(async () => (await editorParagraphs(user.page))[2], { timeout: 15_000 }).toBe('A secondthird paragraph.中文')
      await expect.poll(() => drawnChanges(user.page, 'delete').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toContain('second')
      await expect.poll(() => drawnChanges(user.page, 'insert').then((c) => c.map(([, t]) => t)), { timeout: 15_000 }).toContain('third')
    }
    await harness.screenshot(bob.page, 'suggesting-find-replace-bob')
    await page.getByTestId('find-input').press('Escape')
    await page.keyboard.press('Control+z')
    for (const user of [ana, bob]) {
      await expect.poll(async () => (await editorParagraphs(user.page))[2], { timeout: 15_000 }).toBe('A second paragraph.中文')
    }
  })
})
