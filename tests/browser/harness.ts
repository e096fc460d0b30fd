import { expect } from 'vitest'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import type { DocumentRole } from '../../doc/access/roles'

/**
 * Shared set-up of the browser tests: one workspace server on port 0 with a
 * fresh data directory, one Chromium per test file (Debian's, never a
 * downloaded one), and one browser context per simulated user, so users share
 * nothing (localStorage, IndexedDB) but the server.
 */
export interface Harness {
  /** e.g. http://127.0.0.1:41234 */
  url: string
  /** The server itself, for its AccessService (accounts and roles made without a page). */
  workspace: RunningWorkspace
  browser: Browser
  /** Id of the sample document (documents/china-central-asia-summit-2025-06-17.txt). */
  sampleId: string
  /**
   * A new user in a new context; with a name, the first-visit dialog is pre-answered.
   * `bypassCSP` lets a test inject a checking script (axe-core) into pages whose CSP forbids inline scripts.
   */
  newUser(identity?: { name: string; color: string }, options?: { bypassCSP?: boolean }): Promise<User>
  /** Uploads `text` as a new document through the HTTP API, as the upload panel does; returns its id. */
  uploadText(fileName: string, text: string): Promise<string>
  /** Saves a PNG to .tmp/screenshots/<name>.png for a person to look at. */
  screenshot(page: Page, name: string): Promise<void>
  /** Closes the server and starts it again on the same data folder and port (`workspace` is then the new one). */
  restart(): Promise<void>
  close(): Promise<void>
}

export interface User {
  context: BrowserContext
  page: Page
}

export const SCREENSHOT_DIR = '.tmp/screenshots'

/**
 * Per-test time limit of the browser tests. Each test takes 1-4 s on an idle
 * machine; the limit is generous because the machine is shared (2 cores, load
 * often above 10), where page loads alone can take several seconds.
 */
export const BROWSER_TEST_TIMEOUT = 60_000

/** How long to wait for a text to arrive in another browser. */
const SYNC_WAIT_MS = 15_000

/** Flags for a quiet, sandbox-free Chromium that makes no calls home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export async function startHarness(options: { maxUploadBytes?: number; handoverGapMs?: number } = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'variorum-browser-'))
  const limits = options.maxUploadBytes === undefined ? undefined : { maxUploadBytes: options.maxUploadBytes }
  const history = options.handoverGapMs === undefined ? undefined : { handoverGapMs: options.handoverGapMs }
  let workspace = await startWorkspace({ port: 0, dataDir, documentsDir: 'documents', limits, history })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const url = workspace.url.replace(/\/$/, '')
  const list = (await (await fetch(`${url}/api/documents`)).json()) as { id: string; title: string }[]
  const sample = list.find((doc) => /china-central-asia-summit/.test(doc.id)) ?? list.find((doc) => /中国.*中亚|峰会/.test(doc.title))
  if (!sample) throw new Error(`the sample document is not served: ${JSON.stringify(list)}`)
  const contexts: BrowserContext[] = []

  const harness: Harness = {
    url,
    workspace,
    browser,
    sampleId: sample.id,
    async newUser(identity, options) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', bypassCSP: options?.bypassCSP ?? false })
      contexts.push(context)
      if (identity) {
        await context.addInitScript((value) => {
          if (!localStorage.getItem('variorum.identity')) localStorage.setItem('variorum.identity', value)
        }, JSON.stringify(identity))
      }
      const page = await context.newPage()
      page.on('pageerror', (error) => console.error(`[browser ${identity?.name ?? '?'}] ${error.message}`))
      return { context, page }
    },
    async uploadText(fileName, text) {
      const response = await fetch(`${url}/api/documents?fileName=${encodeURIComponent(fileName)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: text,
      })
      if (!response.ok) throw new Error(`upload of ${fileName} failed: ${response.status} ${await response.text()}`)
      return ((await response.json()) as { id: string }).id
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
    },
    async restart() {
      await workspace.close()
      workspace = await startWorkspace({ port: workspace.port, dataDir, documentsDir: 'documents', limits, history })
      harness.workspace = workspace
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()))
      await browser.close()
      await workspace.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  return harness
}

/** The hash route of one editor pane on `id`. */
export function docRoute(id: string): string {
  return `#/doc/${encodeURIComponent(id)}`
}

/**
 * Opens `hash` and waits until every editor pane shows its document and knows the
 * role it holds there (until then the text is read only, issue 14).
 */
export async function openEditor(page: Page, url: string, hash: string, panes = 1): Promise<void> {
  await page.goto(`${url}/${hash}`)
  await page.waitForFunction((n) => document.querySelectorAll('.ProseMirror p').length > 0 && document.querySelectorAll('.ProseMirror').length === n, panes)
  await page.waitForSelector('[data-testid="connection-status"][data-state="synced"]')
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="editor-pane"]')].every((pane) => pane.getAttribute('data-role') !== 'loading'))
}

/**
 * The text of the first paragraph of editor pane `pane` (0-based), without the
 * remote-cursor widgets y-prosemirror draws inside the text.
 */
export function firstParagraph(page: Page, pane = 0): Promise<string> {
  return page.evaluate((index) => {
    const paragraph = document.querySelectorAll('.ProseMirror')[index]?.querySelector('p')
    if (!paragraph) return ''
    const copy = paragraph.cloneNode(true) as HTMLElement
    copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((cursor) => cursor.remove())
    return copy.textContent ?? ''
  }, pane)
}

/** Waits until the first paragraph of pane `pane` satisfies `predicate` (a function source over `text`). */
export async function waitForFirstParagraph(page: Page, predicate: (text: string) => boolean, pane = 0, timeout = SYNC_WAIT_MS): Promise<string> {
  const deadline = Date.now() + timeout
  let text = ''
  while (Date.now() < deadline) {
    text = await firstParagraph(page, pane)
    if (predicate(text)) return text
    await page.waitForTimeout(50)
  }
  throw new Error(`first paragraph never matched; last seen: ${JSON.stringify(text.slice(0, 80))}`)
}

/** Puts the caret at the very start of the document in pane `pane` and focuses it. */
export async function caretToStart(page: Page, pane = 0): Promise<void> {
  const editor = page.locator('.ProseMirror').nth(pane)
  await editor.click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+Home')
}

/**
 * Puts the caret after the last character of paragraph `index` (0-based) of pane `pane`, and
 * focuses that editor. Not the End key: End goes to the end of the visual line, which is the
 * paragraph's end only while the paragraph fits on one line, and where a line wraps depends
 * on the fonts installed (with Debian's fonts-noto-cjk the sample's first paragraph wraps;
 * issue #13). The DOM selection is set as a click would set it, remote cursors and labels
 * skipped, and ProseMirror reads it on 'selectionchange', which is awaited before returning.
 * Throws when the caret is not at the paragraph's end afterwards.
 */
export async function caretToParagraphEnd(page: Page, index = 0, pane = 0): Promise<void> {
  await page.locator('.ProseMirror').nth(pane).locator('p').nth(index).scrollIntoViewIfNeeded()
  const placed = await page.evaluate(async ([i, p]) => {
    const editor = document.querySelectorAll<HTMLElement>('.ProseMirror')[p]
    const paragraph = editor.querySelectorAll('p')[i]
    const textNodes = (): Text[] => {
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => node.parentElement?.closest('.ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
      })
      const nodes: Text[] = []
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
      return nodes
    }
    const last = textNodes().at(-1)
    if (!last) return 'the paragraph has no text'
    editor.focus()
    // Registered after ProseMirror's own listener, so it runs once ProseMirror has read the selection.
    const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
    const selection = document.getSelection()!
    selection.removeAllRanges()
    selection.collapse(last, last.length)
    await read
    const after = textNodes().at(-1)!
    const { focusNode, focusOffset, isCollapsed } = document.getSelection()!
    const atEnd = isCollapsed && ((focusNode === after && focusOffset === after.length) || (focusNode === paragraph && focusOffset === paragraph.childNodes.length))
    return atEnd ? '' : `the caret is at ${focusNode?.nodeName} ${focusOffset}`
  }, [index, pane] as const)
  if (placed) throw new Error(`caretToParagraphEnd(${index}): ${placed}`)
}

/** The editor's paragraph texts, without label and cursor widgets. */
export function editorParagraphs(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('.ProseMirror p')].map((p) => {
    const copy = p.cloneNode(true) as HTMLElement
    copy.querySelectorAll('.ProseMirror-yjs-cursor, .ann-label').forEach((el) => el.remove())
    return copy.textContent ?? ''
  }))
}

/** Selects the first `length` characters of paragraph `index` as a mouse drag would (widgets skipped). */
export async function selectAtParagraphStart(page: Page, index: number, length: number): Promise<void> {
  await page.locator('.ProseMirror p').nth(index).scrollIntoViewIfNeeded()
  await page.evaluate(async ([i, n]) => {
    const paragraph = document.querySelectorAll('.ProseMirror p')[i]
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement?.closest('.ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    })
    const points: [Node, number][] = []
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let k = 0; k < (node.textContent ?? '').length; k++) points.push([node, k])
    }
    ;(paragraph.closest('.ProseMirror') as HTMLElement).focus()
    const read = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }))
    const range = document.createRange()
    range.setStart(points[0][0], points[0][1])
    range.setEnd(points[n - 1][0], points[n - 1][1] + 1)
    const selection = document.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
    await read
  }, [index, length] as const)
  // ProseMirror reads the selection in its own 'selectionchange' listener, after a short delay.
  await page.waitForTimeout(60)
}

/** Signs `username` in through the sign-in screen and waits for the account chip. */
/** The password the accounts made by `shareSample` have. */
export function testPassword(username: string): string {
  return `${username} password 1`
}

/** Signs `page` in through the sign-in form, as a person does. */
export async function signIn(page: Page, url: string, username: string, password = testPassword(username)): Promise<void> {
  await page.goto(`${url}/`)
  const form = page.getByTestId('session-sign-in')
  await form.locator('input[name="username"]').fill(username)
  await form.locator('input[name="password"]').fill(password)
  await form.locator('button[type="submit"]').click()
  await page.getByTestId('account-chip').waitFor()
}

/**
 * Makes the first account, `olga` (the administrator, owner of the sample), and
 * one account per entry with its role on the sample, granted by olga; every
 * password is `testPassword(username)`. Returns the account ids by username.
 */
export async function shareSample(harness: Harness, accounts: readonly { username: string; displayName?: string; role: DocumentRole }[], owner: { displayName?: string } = {}): Promise<Record<string, string>> {
  const access = harness.workspace.access
  const first = await access.createFirstAccount({ username: 'olga', ...owner, password: testPassword('olga') })
  if (!first.ok) throw new Error(first.reason)
  const ids: Record<string, string> = { olga: first.account.id }
  for (const { username, displayName, role } of accounts) {
    const added = await access.addAccount({ username, displayName, password: testPassword(username) })
    if (!added.ok) throw new Error(added.reason)
    await access.setRole(harness.sampleId, added.account.id, role, first.account.id)
    ids[username] = added.account.id
  }
  return ids
}

/** The paragraph at the top of the editor pane (its drawn text, widgets left out) and its top edge relative to the pane's, in px. */
export function paneTopParagraph(page: Page): Promise<{ text: string; top: number }> {
  return page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="pane-scroll"]')!
    const top = scroller.getBoundingClientRect().top
    for (const p of document.querySelectorAll('.ProseMirror > p')) {
      const box = p.getBoundingClientRect()
      if (box.bottom <= top + 1) continue
      const copy = p.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.ProseMirror-yjs-cursor, .ann-label').forEach((el) => el.remove())
      return { text: copy.textContent ?? '', top: Math.round(box.top - top) }
    }
    return { text: '', top: 0 }
  })
}

/** Waits until the pane's top paragraph and its place stop changing (the bounded surface and layout settled), and returns it. */
export async function settledPaneTop(page: Page): Promise<{ text: string; top: number }> {
  let last = await paneTopParagraph(page)
  await expect.poll(async () => {
    const now = await paneTopParagraph(page)
    const same = now.text === last.text && now.top === last.top
    last = now
    return same && now.text !== ''
  }, { interval: 400 }).toBe(true)
  return last
}

/** Viewport point of character `k` of paragraph `index` (label chips skipped), at `fraction` of its width. */
export function characterPoint(page: Page, index: number, k: number, fraction = 0.5): Promise<{ x: number; y: number }> {
  return page.evaluate(([i, at, f]) => {
    const paragraph = document.querySelectorAll('.ProseMirror p')[i]
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement?.closest('.ann-label, .ProseMirror-yjs-cursor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    })
    let left = at
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = (node.textContent ?? '').length
      if (left < length) {
        const range = document.createRange()
        range.setStart(node, left)
        range.setEnd(node, left + 1)
        const rect = range.getBoundingClientRect()
        return { x: rect.left + rect.width * f, y: rect.top + rect.height / 2 }
      }
      left -= length
    }
    throw new Error(`paragraph ${i} has no character ${at}`)
  }, [index, k, fraction] as const)
}
