import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, caretToStart, docRoute, editorParagraphs, openEditor, startHarness, type Harness, type User } from './harness'

let harness: Harness
let ana: User
let bob: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
})
afterAll(async () => harness?.close())

/** How often `pattern` occurs in `text` (String.prototype.match, apart from the code under test). */
function occurrences(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))?.length ?? 0
}

const countOf = (page: Page): Promise<string> => page.getByTestId('find-count').innerText()

/** Turns a find-bar switch on or off, by its pressed state. */
async function setSwitch(page: Page, name: 'regex' | 'foldWidth' | 'caseSensitive' | 'wholeWord', on: boolean): Promise<void> {
  const button = page.getByTestId(`find-option-${name}`)
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click()
  expect(await button.getAttribute('aria-pressed')).toBe(String(on))
}

/**
 * Waits until the editor has taken in the DOM selection: ProseMirror reads it on
 * 'selectionchange', a task Chromium may run after the next key event, so a
 * shortcut pressed right after Ctrl+Home could still see the old selection.
 * One frame and a task let it run.
 */
function selectionSettled(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
}

/** True when the current match is drawn inside the visible part of the pane. */
function currentMatchVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const current = document.querySelector('.ProseMirror .find-current')
    const scroller = document.querySelector('[data-testid="pane-scroll"]')
    if (!current || !scroller) return false
    const box = current.getBoundingClientRect()
    const frame = scroller.getBoundingClientRect()
    return box.top >= frame.top && box.bottom <= frame.bottom
  })
}

describe('find and replace in the editor', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('finds with full-width folding, counts exactly, steps, and waits for the input method', async () => {
    await openEditor(ana.page, harness.url, docRoute(harness.sampleId))
    await openEditor(bob.page, harness.url, docRoute(harness.sampleId))
    const { page } = ana
    const text = (await editorParagraphs(page)).join('\n\n')
    await caretToStart(page)
    await page.keyboard.press('Control+f')
    const input = page.getByTestId('find-input')
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.getByTestId('replace-input').count()).toBe(0)

    // Typing 中亚 through a pinyin input method: no search on the reading.
    const cdp = await ana.context.newCDPSession(page)
    for (const reading of ['z', 'zh', 'zhong', 'zhongya']) {
      await cdp.send('Input.imeSetComposition', { text: reading, selectionStart: reading.length, selectionEnd: reading.length })
    }
    expect(await input.inputValue()).toBe('zhongya')
    expect(await countOf(page)).toBe('')
    expect(await page.locator('.ProseMirror .find-match').count()).toBe(0)
    await cdp.send('Input.insertText', { text: '中亚' })
    const centralAsia = occurrences(text, /中亚/u)
    expect(centralAsia).toBeGreaterThan(20)
    await expect.poll(() => countOf(page)).toBe(`1 of ${centralAsia}`)

    // "，" finds the full-width commas and the one half-width comma; unfolded, only the former.
    await input.fill('，')
    const commas = occurrences(text, /[，,]/u)
    expect([commas, occurrences(text, /，/u)]).toEqual([380, 379])
    await expect.poll(() => countOf(page)).toBe(`1 of ${commas}`)
    expect(await page.locator('.ProseMirror .find-match').count()).toBe(commas)
    await setSwitch(page, 'foldWidth', false)
    await expect.poll(() => countOf(page)).toBe('1 of 379')
    await setSwitch(page, 'foldWidth', true)

    // A full-width "（" finds the sample's half-width parentheses.
    await input.fill('（')
    const parentheses = occurrences(text, /[（(]/u)
    expect(parentheses).toBe(7)
    expect(occurrences(text, /（/u)).toBe(0)
    await expect.poll(() => countOf(page)).toBe(`1 of ${parentheses}`)
    expect(await page.locator('.ProseMirror .find-current').count()).toBe(1)
    await harness.screenshot(page, 'find-fullwidth-folding')

    // Enter and Shift+Enter step, wrapping, with the current match scrolled into view.
    await input.press('Enter')
    await input.press('Enter')
    await expect.poll(() => countOf(page)).toBe(`3 of ${parentheses}`)
    await input.press('Shift+Enter')
    await input.press('Shift+Enter')
    await input.press('Shift+Enter')
    await expect.poll(() => countOf(page)).toBe(`${parentheses} of ${parentheses}`)
    await harness.screenshot(page, 'find-step-last')
    expect(await currentMatchVisible(page)).toBe(true)
    expect(await page.locator('.ProseMirror .find-current').innerText()).toBe('(')

    // An invalid regular expression: an inline error, no exception, no matches.
    await setSwitch(page, 'regex', true)
    await input.fill('(\\d+')
    await expect.poll(() => page.getByTestId('find-error').innerText()).toBe('Invalid regular expression: Unterminated group')
    expect(await input.getAttribute('aria-invalid')).toBe('true')
    expect(await countOf(page)).toBe('')
    expect(await page.locator('.ProseMirror .find-match').count()).toBe(0)
    await harness.screenshot(page, 'find-invalid-regex')

    // Escape closes the bar and returns to the text, on the current match (the
    // last one: a new search starts from the selection, which stepping moved).
    await input.fill('\\(')
    await expect.poll(() => countOf(page)).toBe(`${parentheses} of ${parentheses}`)
    await input.press('Escape')
    await page.getByTestId('find-bar').waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true)
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('(')
    expect(await page.locator('.ProseMirror .find-match').count()).toBe(0)
  })

  it('replaces every match of a regular expression for both users, and one Ctrl+Z undoes it for both', async () => {
    const { page } = ana
    const before = await editorParagraphs(page)
    const years = /(\d{4})年/u
    const expected = before.map((p) => p.replace(new RegExp(years.source, 'gu'), '【$1】年'))
    const count = occurrences(before.join('\n\n'), years)
    expect(count).toBe(9)

    await page.keyboard.press('Control+h')
    const input = page.getByTestId('find-input')
    // Opened from the text, the bar takes the selection (the "(" Escape left
    // selected) as its pattern, escaped while regular expressions are on.
    expect(await input.inputValue()).toBe('\\(')
    await setSwitch(page, 'regex', true)
    await input.fill('(\\d{4})年')
    await expect.poll(() => countOf(page)).toMatch(new RegExp(`^\\d+ of ${count}$`))
    // The search shows its current match as the pattern is typed.
    expect(await currentMatchVisible(page)).toBe(true)
    await page.getByTestId('replace-input').fill('【$1】年')
    await harness.screenshot(page, 'find-replace-regex')
    await page.getByTestId('replace-input').press('Control+Enter')
    for (const user of [ana, bob]) {
      await expect.poll(() => editorParagraphs(user.page), { timeout: 5000 }).toEqual(expected)
    }
    expect(await page.getByTestId('find-message').innerText()).toBe(`Replaced ${count}. Ctrl+Z in the text undoes it.`)
    await expect.poll(() => countOf(page)).toBe('No matches')
    await harness.screenshot(page, 'find-replace-all-ana')
    await harness.screenshot(bob.page, 'find-replace-all-bob')

    await input.press('Escape')
    await page.keyboard.press('Control+z')
    for (const user of [ana, bob]) {
      await expect.poll(() => editorParagraphs(user.page), { timeout: 5000 }).toEqual(before)
    }
    await harness.screenshot(bob.page, 'find-replace-undone-bob')
  })

  it('replaces one match at a time, and undo reverts only the replacer\'s edit', async () => {
    const { page } = ana
    const before = await editorParagraphs(page)
    await caretToStart(page)
    await selectionSettled(page)
    await page.keyboard.press('Control+h')
    // The pattern is kept; with something to find, Ctrl+H focuses the replacement.
    const replace = page.getByTestId('replace-input')
    await expect.poll(() => replace.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.getByTestId('find-input').inputValue()).toBe('(\\d{4})年')
    await expect.poll(() => countOf(page)).toBe('1 of 9')
    await replace.press('Enter')
    const once = [...before]
    const first = once.findIndex((p) => /\d{4}年/u.test(p))
    once[first] = once[first].replace(/(\d{4})年/u, '【$1】年')
    for (const user of [ana, bob]) {
      await expect.poll(() => editorParagraphs(user.page), { timeout: 5000 }).toEqual(once)
    }
    await expect.poll(() => countOf(page)).toBe('1 of 8')

    // Bob types at the start meanwhile; Ana's undo leaves his edit alone.
    await caretToStart(bob.page)
    await bob.page.keyboard.type('乙')
    await expect.poll(async () => (await editorParagraphs(page))[0], { timeout: 5000 }).toBe(`乙${before[0]}`)
    await page.getByTestId('find-input').press('Escape')
    await page.keyboard.press('Control+z')
    const expected = [`乙${before[0]}`, ...before.slice(1)]
    for (const user of [ana, bob]) {
      await expect.poll(() => editorParagraphs(user.page), { timeout: 5000 }).toEqual(expected)
    }
  })

  it('draws only the matches near the visible text of a long document, and the current one wherever it is', async () => {
    // The sample six times: ~59,000 characters, past LARGE_DOCUMENT_SIZE (50,000).
    const copies = 6
    const sample = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8').trim()
    const id = await harness.uploadText('long-find.txt', `Long find test\n\n${Array(copies).fill(sample).join('\n\n')}\n`)
    const { page } = ana
    await openEditor(page, harness.url, docRoute(id))
    const commas = occurrences((await editorParagraphs(page)).join('\n\n'), /[，,]/u)
    expect(commas).toBe(copies * 380)
    await caretToStart(page)
    await selectionSettled(page)
    await page.keyboard.press('Control+f')
    const input = page.getByTestId('find-input')
    await input.fill('，')
    await expect.poll(() => countOf(page)).toBe(`1 of ${commas}`)
    const drawn = await page.locator('.ProseMirror .find-match').count()
    expect(drawn).toBeGreaterThan(0)
    expect(drawn).toBeLessThan(commas / 4)

    // The last match, far outside the drawn part: drawn as current and scrolled to,
    // then the matches around it once the scrolling has settled.
    await input.press('Shift+Enter')
    await expect.poll(() => countOf(page)).toBe(`${commas} of ${commas}`)
    expect(await currentMatchVisible(page)).toBe(true)
    await expect.poll(() => page.locator('.ProseMirror .find-match').count()).toBeGreaterThan(1)
    expect(await page.locator('.ProseMirror .find-match').count()).toBeLessThan(commas / 4)
    await harness.screenshot(page, 'find-long-document-last-match')
    await input.press('Escape')
  })
})
