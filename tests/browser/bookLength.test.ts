import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { docRoute, openEditor, startHarness, type Harness, type User } from './harness'
import { chineseBook } from '../../bench/book/chineseText'

/**
 * A 10,000-paragraph document (issue #21) on the bounded editing surface: only
 * the paragraphs near the viewport (and the selection's) are text in the
 * editable element, the others are placeholders of their height. Two users
 * type at the start and at the end, select across the placeholders, delete
 * and undo, copy the whole text, and converge.
 */
const PARAGRAPHS = 10_000
/** Loading 10,000 paragraphs twice on a loaded 2-core machine takes a while. */
const TIMEOUT = 240_000

let harness: Harness
let ana: User
let bob: User
let id: string
const book = chineseBook('一万段的书稿', PARAGRAPHS, 2101)
const original = book.join('\n\n')

beforeAll(async () => {
  harness = await startHarness()
  id = await harness.uploadText('book-10000.txt', `${original}\n`)
  ana = await harness.newUser({ name: 'Ana', color: '#be123c' })
  bob = await harness.newUser({ name: 'Bob', color: '#1d4ed8' })
}, TIMEOUT)
afterAll(async () => harness?.close())

const serverText = async (): Promise<string> => (await fetch(`${harness.url}/api/documents/${encodeURIComponent(id)}/text`)).text()

/**
 * The editor element as ProseMirror marks it: its view of the document (`pmViewDesc`), whose
 * child views are the paragraphs in order, each with its DOM: a P when live, else the block
 * standing for its run or, for the run's other paragraphs, an empty fragment (not in the page).
 */
type EditorElement = Element & { pmViewDesc: { children: { dom: Node }[] } }

/**
 * The editor's paragraphs (its document view's children) and its child nodes: live paragraphs
 * (P) and blocks standing for a run of far paragraphs (DIV), nothing for the other far ones.
 */
function surface(page: Page): Promise<{ paragraphs: number; nodes: number; live: number; runs: number }> {
  return page.evaluate(() => {
    const editor = document.querySelector('.ProseMirror') as EditorElement
    return {
      paragraphs: editor.pmViewDesc.children.length,
      nodes: editor.childNodes.length,
      live: editor.querySelectorAll(':scope > p').length,
      runs: editor.querySelectorAll(':scope > .paragraph-placeholder').length,
    }
  })
}

/**
 * What on the page skips its content with a display lock: a closed <details> (Chromium's own
 * stylesheet gives its content `content-visibility: hidden`), `hidden="until-found"`, or
 * `content-visibility` other than visible. While one is locked, Chromium's selection sync after
 * each keystroke checks every node it walks in the editor (one per paragraph) for a locked
 * ancestor: 30 ms a keystroke at 30,000 paragraphs instead of 3 (docs/ARCHITECTURE.md).
 */
function displayLocks(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('*')]
    .filter((el) => (el.tagName === 'DETAILS' && !(el as HTMLDetailsElement).open) || el.getAttribute('hidden') === 'until-found' || getComputedStyle(el).contentVisibility !== 'visible')
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`))
}

/** Text of paragraph `index` as drawn (cursor and label widgets left out), or null while it is a placeholder. */
function paragraphText(page: Page, index: number): Promise<string | null> {
  return page.evaluate((i) => {
    const child = (document.querySelector('.ProseMirror') as EditorElement).pmViewDesc.children[i]?.dom
    if (!child || child.nodeName !== 'P') return null
    const copy = child.cloneNode(true) as HTMLElement
    copy.querySelectorAll('.ProseMirror-yjs-cursor, .ann-label').forEach((el) => el.remove())
    return copy.textContent
  }, index)
}

/**
 * Goes to paragraph `index` by its address (#/doc/<id>@<offset>, as a search result links to it)
 * and waits until it is live text inside the pane.
 */
async function goToParagraph(page: Page, index: number, paragraphs: readonly string[]): Promise<void> {
  const offset = paragraphs.slice(0, index).reduce((sum, text) => sum + text.length + 2, 0)
  // The same address twice is no navigation: leave it first.
  await page.evaluate(() => { location.hash = location.hash.replace(/@.*$/, '') })
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
  await page.evaluate((at) => { location.hash = `${location.hash.replace(/@.*$/, '')}@${at}` }, offset)
  await expect.poll(() => paragraphText(page, index)).not.toBeNull()
  await expect.poll(() => page.evaluate((i) => {
    const box = ((document.querySelector('.ProseMirror') as EditorElement).pmViewDesc.children[i].dom as Element).getBoundingClientRect()
    return box.top >= 0 && box.bottom <= innerHeight
  }, index)).toBe(true)
}

/** Puts the caret at the start of (live) paragraph `index` as a click would, once ProseMirror has read it. */
async function caretToParagraphStart(page: Page, index: number): Promise<void> {
  await page.evaluate(async (i) => {
    const editor = document.querySelector<HTMLElement>('.ProseMirror')!
    const paragraph = (editor as unknown as EditorElement).pmViewDesc.children[i].dom
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
    const first = walker.nextNode()!
    editor.focus()
    const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
    document.getSelection()!.collapse(first, 0)
    await read
  }, index)
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
}

/**
 * Selects from the start of paragraph `from` (live) to a Shift+click in paragraph `to`, which
 * is brought in by its address first: the selection spans paragraphs never drawn as text.
 */
async function selectAcross(page: Page, from: number, to: number, paragraphs: readonly string[]): Promise<void> {
  await page.keyboard.press('Control+Home')
  await caretToParagraphStart(page, from)
  await goToParagraph(page, to, paragraphs)
  const box = await page.evaluate((i) => {
    const rect = ((document.querySelector('.ProseMirror') as EditorElement).pmViewDesc.children[i].dom as Element).getBoundingClientRect()
    return { x: rect.left, y: rect.top }
  }, to)
  // ProseMirror reads the selection on 'selectionchange' (then a frame): wait for that.
  await page.evaluate(() => {
    (window as unknown as { selectionRead: Promise<unknown> }).selectionRead = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
  })
  await page.keyboard.down('Shift')
  await page.mouse.click(box.x + 60, box.y + 8)
  await page.keyboard.up('Shift')
  await page.evaluate(async () => {
    await (window as unknown as { selectionRead: Promise<unknown> }).selectionRead
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
  })
  // The selection runs from paragraph `from` to `to` in the DOM too, over the block standing for those between.
  expect(await page.evaluate(() => {
    const editor = document.querySelector('.ProseMirror') as EditorElement
    const indexOf = (node: Node | null): number => {
      let at = node
      while (at && at.parentNode !== editor) at = at.parentNode
      return at ? editor.pmViewDesc.children.findIndex((child) => child.dom === at) : -1
    }
    const selection = document.getSelection()!
    return [indexOf(selection.anchorNode), indexOf(selection.focusNode)]
  })).toEqual([from, to])
}

/** The whole text as the editor copies it: Ctrl+A, then a copy event (ProseMirror writes the selection's text/plain). */
function copyAll(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const editor = document.querySelector<HTMLElement>('.ProseMirror')!
    editor.focus()
    return await new Promise<string>((resolve) => {
      editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', code: 'KeyA', ctrlKey: true, bubbles: true, cancelable: true }))
      requestAnimationFrame(() => {
        const data = new DataTransfer()
        editor.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }))
        resolve(data.getData('text/plain'))
      })
    })
  })
}

describe('a book-length document on the bounded editing surface', { timeout: TIMEOUT }, () => {
  it('keeps the editable element small, types at both ends, selects across placeholders, undoes, copies all, and both users converge', async () => {
    expect(await serverText()).toBe(original)
    await openEditor(ana.page, harness.url, docRoute(id))
    await openEditor(bob.page, harness.url, docRoute(id))
    for (const { page } of [ana, bob]) {
      await expect.poll(() => surface(page)).toMatchObject({ paragraphs: PARAGRAPHS })
      const { nodes, live, runs } = await surface(page)
      // Far paragraphs are not in the editable element at all: nothing there but the text and the run's block.
      expect(nodes).toBe(live + runs)
      // A few screens of text, not the book; the rest one block.
      expect(live).toBeGreaterThan(5)
      expect(live).toBeLessThan(400)
      expect(runs).toBe(1)
      // The annotation panel (with its types' disclosure) is on the page, and nothing locks.
      expect(await page.locator('[data-testid="annotation-types"]').count()).toBe(1)
      expect(await displayLocks(page)).toEqual([])
    }
    expect(await paragraphText(ana.page, 0)).toBe(book[0])

    // Ana types at the start, Bob at the end (Ctrl+End: the last paragraph comes in with the caret).
    await ana.page.locator('.ProseMirror').click({ position: { x: 5, y: 5 } })
    await ana.page.keyboard.press('Control+Home')
    await ana.page.keyboard.type('开头')
    await bob.page.locator('.ProseMirror').click({ position: { x: 5, y: 5 } })
    await bob.page.keyboard.press('Control+End')
    await expect.poll(() => paragraphText(bob.page, PARAGRAPHS - 1)).toBe(book[PARAGRAPHS - 1])
    await bob.page.keyboard.type('结尾')
    const typed = `开头${original}结尾`
    await expect.poll(serverText, { timeout: 30_000 }).toBe(typed)
    await expect.poll(() => paragraphText(ana.page, 0)).toBe(`开头${book[0]}`)
    await expect.poll(() => paragraphText(bob.page, PARAGRAPHS - 1)).toBe(`${book[PARAGRAPHS - 1]}结尾`)
    expect((await surface(bob.page)).live).toBeLessThan(400)
    await harness.screenshot(bob.page, 'book-end')

    // Ana: caret at the start of paragraph 3, then Shift+click in paragraph 600, which was a
    // placeholder until scrolled to: the selection spans ~600 paragraphs, most never drawn.
    const far = 600
    expect(await paragraphText(ana.page, far)).toBeNull()
    await selectAcross(ana.page, 3, far, [`开头${book[0]}`, ...book.slice(1)])
    await ana.page.keyboard.press('Backspace')
    await expect.poll(async () => (await serverText()).length, { timeout: 30_000 }).toBeLessThan(typed.length - 10_000)
    const afterDelete = await serverText()
    // Paragraphs 3 to 599 are gone (their text was only ever placeholders in Ana's editor), 0–2 and 601 on are whole.
    for (const k of [0, 1, 2]) expect(afterDelete).toContain(book[k])
    for (const k of [3, 100, 400, 599]) expect(afterDelete).not.toContain(book[k])
    for (const k of [601, 5000, PARAGRAPHS - 2]) expect(afterDelete).toContain(book[k])
    await harness.screenshot(ana.page, 'book-after-delete')

    // Undo brings all of it back, for both.
    await ana.page.keyboard.press('Control+z')
    await expect.poll(serverText, { timeout: 30_000 }).toBe(typed)
    await expect.poll(() => copyAll(bob.page), { timeout: 30_000 }).toBe(typed)
    expect(await copyAll(ana.page)).toBe(typed)
    expect((await surface(ana.page)).live).toBeLessThan(400)
  })

  it('replaces all, composes with an input method, annotates a selection across the placeholders, and both converge', async () => {
    // Runs after the first test or alone (-t): the text as it is now, both editors open.
    const typed = await serverText()
    const paragraphs = typed.split('\n\n')
    expect(paragraphs).toHaveLength(PARAGRAPHS)
    for (const { page } of [ana, bob]) {
      if (!page.url().includes(encodeURIComponent(id))) await openEditor(page, harness.url, docRoute(id))
    }

    // Replace all: every 处社 (ten, spread over the book, nearly all in paragraphs not drawn),
    // one step, for both; one Ctrl+Z undoes it.
    await caretToParagraphStart(ana.page, 0)
    await ana.page.keyboard.press('Control+h')
    await ana.page.getByTestId('find-input').fill('处社')
    const count = typed.split('处社').length - 1
    expect(count).toBeGreaterThanOrEqual(8)
    await expect.poll(() => ana.page.getByTestId('find-count').innerText()).toMatch(new RegExp(`^\\d+ of ${count}$`))
    await ana.page.getByTestId('replace-input').fill('处所')
    await ana.page.getByTestId('replace-input').press('Control+Enter')
    const replaced = typed.replaceAll('处社', '处所')
    await expect.poll(serverText, { timeout: 30_000 }).toBe(replaced)
    await expect.poll(() => copyAll(bob.page), { timeout: 30_000 }).toBe(replaced)
    await ana.page.getByTestId('find-input').press('Escape')
    await ana.page.keyboard.press('Control+z')
    await expect.poll(serverText, { timeout: 30_000 }).toBe(typed)
    await expect.poll(() => copyAll(bob.page), { timeout: 30_000 }).toBe(typed)

    // An input method at the start: the reading never reaches Bob, the composed text does.
    await ana.page.keyboard.press('Control+Home')
    await caretToParagraphStart(ana.page, 0)
    const cdp = await ana.context.newCDPSession(ana.page)
    for (const reading of ['z', 'zh', 'zhong', 'zhongwen']) {
      await cdp.send('Input.imeSetComposition', { text: reading, selectionStart: reading.length, selectionEnd: reading.length })
    }
    await cdp.send('Input.insertText', { text: '中文' })
    await expect.poll(serverText, { timeout: 30_000 }).toBe(`中文${typed}`)
    await bob.page.keyboard.press('Control+Home')
    await expect.poll(() => paragraphText(bob.page, 0)).toBe(`中文${paragraphs[0]}`)
    expect(await copyAll(ana.page)).toBe(`中文${typed}`)
    expect((await surface(bob.page)).live).toBeLessThan(400)

    // Annotate paragraphs 3 to 600 (Alt+5: typo): Bob's card quotes text that Ana never had drawn.
    await selectAcross(ana.page, 3, 600, [`中文${paragraphs[0]}`, ...paragraphs.slice(1)])
    await ana.page.keyboard.press('Alt+5')
    const bobCard = bob.page.locator('[data-testid="annotation-card"]')
    await expect.poll(() => bobCard.count(), { timeout: 30_000 }).toBe(1)
    const quote = (await bobCard.locator('blockquote.quote').getAttribute('title')) ?? ''
    expect(quote.startsWith(book[3])).toBe(true)
    for (const k of [4, 300, 599]) expect(quote).toContain(book[k])
    expect(quote).not.toContain(book[601])
    await harness.screenshot(ana.page, 'book-annotated')
  })
})
