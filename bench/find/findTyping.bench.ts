/**
 * `npm run bench -- find`: the find bar in Debian Chromium on the sample repeated
 * to ~200 KB (a long document: matches are drawn only near the visible text).
 *
 * - keystroke: typing in the text with the find bar closed, side by side with
 *   typing while it shows the 2,600+ matches of "，" (each edit maps them; a new
 *   search runs 150 ms after the last edit, so every 10th keystroke waits 250 ms
 *   for it and the next one may pay for it). Probe: bench/keystrokeProbe.ts.
 * - search: from setting the pattern in the find box until the count is shown
 *   and a frame has been drawn (search, decorations, layout), for a pattern with
 *   hundreds and one with thousands of matches.
 * Also checks that the long document draws fewer match decorations than it has
 * matches (windowing), and fails if it does not.
 */
import type { Browser, Page } from 'playwright-core'
import { repeatedSample, startChromiumWorkspace } from '../chromiumWorkspace'
import { installKeystrokeProbe, percentile, readKeystrokeProbe, type KeystrokeTimes } from '../keystrokeProbe'

const TARGET_BYTES = 200_000
const KEYSTROKES = 100
const RUNS = 3
const SEARCHES = 8
const PATTERNS = ['中亚', '，'] as const

async function openDocument(browser: Browser, url: string, id: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  await context.addInitScript(() => localStorage.setItem('variorum.identity', JSON.stringify({ name: 'Bench', color: '#1d4ed8' })))
  const page = await context.newPage()
  await page.goto(`${url}/#/doc/${encodeURIComponent(id)}`)
  await page.waitForFunction(() => document.querySelectorAll('.ProseMirror p').length > 100, undefined, { timeout: 120_000 })
  return page
}

/** Clicks into the middle paragraph of the document. */
async function caretToMiddle(page: Page): Promise<void> {
  const middle = await page.evaluate(() => {
    const paragraphs = document.querySelectorAll('.ProseMirror p')
    paragraphs[Math.floor(paragraphs.length / 2)].scrollIntoView()
    return Math.floor(paragraphs.length / 2)
  })
  await page.locator('.ProseMirror p').nth(middle).click({ position: { x: 200, y: 10 } })
}

/** Milliseconds from setting `pattern` in the find box to the count shown and the next frame drawn. */
function timeSearch(page: Page, pattern: string): Promise<number> {
  return page.evaluate((value) => new Promise<number>((resolve) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="find-input"]')!
    const count = document.querySelector('[data-testid="find-count"]')!
    const started = performance.now()
    // No named functions in here: tsx would wrap them in a helper the page lacks.
    new MutationObserver((_, observer) => {
      observer.disconnect()
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0))
    }).observe(count, { childList: true, characterData: true, subtree: true })
    input.value = value
    input.dispatchEvent(new InputEvent('input', { bubbles: true }))
  }), pattern)
}

async function typeKeystrokes(page: Page): Promise<KeystrokeTimes> {
  await installKeystrokeProbe(page)
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.press(i % 10 === 9 ? 'Backspace' : 'KeyA')
    await page.waitForTimeout(i % 10 === 9 ? 250 : 15)
  }
  await page.waitForTimeout(300)
  return readKeystrokeProbe(page)
}

interface Run {
  closed: KeystrokeTimes
  open: KeystrokeTimes
  search: Record<(typeof PATTERNS)[number], number[]>
  drawn: number
  total: string
}

async function measure(browser: Browser, url: string, id: string): Promise<Run> {
  const closedPage = await openDocument(browser, url, id)
  await caretToMiddle(closedPage)
  const closed = await typeKeystrokes(closedPage)
  await closedPage.context().close()

  const page = await openDocument(browser, url, id)
  await caretToMiddle(page)
  await page.keyboard.press('Control+f')
  await page.getByTestId('find-input').waitFor()
  const search: Run['search'] = { 中亚: [], '，': [] }
  for (let i = 0; i < SEARCHES; i++) {
    for (const pattern of PATTERNS) search[pattern].push(await timeSearch(page, pattern))
  }
  // The last pattern was "，": type with its matches shown.
  const total = await page.getByTestId('find-count').innerText()
  const drawn = await page.locator('.ProseMirror .find-match').count()
  await caretToMiddle(page)
  const open = await typeKeystrokes(page)
  await page.context().close()
  return { closed, open, search, drawn, total }
}

export default async function bench(): Promise<void> {
  const body = repeatedSample(TARGET_BYTES)
  const bench = await startChromiumWorkspace('find', { 'bench-find.txt': `Find bench\n\n${body}` })
  const { url, browser } = bench
  try {
    const [doc] = (await (await fetch(`${url}/api/documents`)).json()) as { id: string }[]
    const runs: Run[] = []
    for (let run = 0; run < RUNS; run++) runs.push(await measure(browser, url, doc.id))
    const { drawn, total } = runs[0]
    const matches = Number(total.replace(/^\d+ of /, ''))
    console.log(`document: ${(Buffer.byteLength(body) / 1000).toFixed(0)} KB; "，": ${matches} matches, ${drawn} drawn near the visible text`)
    if (!(drawn > 0 && drawn < matches)) throw new Error(`windowing: ${drawn} of ${matches} matches drawn`)

    const keys = (kind: 'closed' | 'open', measure: 'input' | 'frame') => runs.flatMap((r) => r[kind][measure])
    const row = (name: string, x: number, y: number) => `| ${name} | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(y / x).toFixed(2)}× |`
    console.log(`\n| keystroke (ms, ${RUNS * KEYSTROKES} keystrokes each) | find closed | find open on "，" | ratio |`)
    console.log('| --- | --- | --- | --- |')
    for (const measureName of ['input', 'frame'] as const) {
      for (const p of [50, 95]) console.log(row(`${measureName} p${p}`, percentile(keys('closed', measureName), p), percentile(keys('open', measureName), p)))
    }
    const searches = (pattern: (typeof PATTERNS)[number]) => runs.flatMap((r) => r.search[pattern])
    console.log(`\n| search as typed (ms to count and frame, ${RUNS * SEARCHES} each) | "中亚" | "，" | ratio |`)
    console.log('| --- | --- | --- | --- |')
    for (const p of [50, 95]) console.log(row(`p${p}`, percentile(searches('中亚'), p), percentile(searches('，'), p)))
  } finally {
    await bench.close()
  }
}
