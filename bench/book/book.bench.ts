/**
 * `npm run bench -- book`: typing and opening a book-length text (issue #21).
 * Seeded Chinese texts of 800, 2,500, 5,000, 10,000 and 30,000 paragraphs
 * (bench/book/chineseText.ts) opened in Debian Chromium, side by side in one
 * run, the variants rotated for each length:
 *
 * - bare: bare ProseMirror on the same paragraphs (the workspace schema and
 *   the base keymap, every paragraph in the one editable element);
 * - workspace: the workspace editor as users get it;
 * - restarted: the same, right after the server was restarted on the same data
 *   folder (not timed): the server holds nothing of the document in memory, so
 *   the first screen is what storage answers (the opening kept beside the
 *   snapshot, docs/ARCHITECTURE.md, Long documents); the session before it
 *   typed in the document, so the restart also closed a room with a log to fold;
 * - unbounded (only with BOOK_BENCH_VARIANTS=…,unbounded): the workspace with
 *   the bounded editing surface switched off (localStorage
 *   `variorum.boundedSurface` = 'off'), the alternative it replaced;
 * - nopreview (only with BOOK_BENCH_VARIANTS=…,nopreview): the workspace without
 *   the opening preview (localStorage `variorum.openingPreview` = 'off'): the
 *   first screen waits for the whole state and the editor, as before;
 * - stockview (only with BOOK_BENCH_VARIANTS=…,stockview): the workspace with
 *   ProseMirror's own view update (localStorage `variorum.narrowDocUpdate` =
 *   'off'), which walks every paragraph on each keystroke (narrowDocUpdate.ts);
 * - displaylock (only with BOOK_BENCH_VARIANTS=…,displaylock): the workspace with
 *   a closed <details> added to the page, as the annotation types' panel was
 *   before: a display lock that makes Chromium's selection sync check every
 *   node it walks for a locked ancestor (docs/ARCHITECTURE.md, Long documents);
 * - comments (only with BOOK_BENCH_VARIANTS=…,comments): the workspace with far
 *   paragraphs as empty comment nodes in the editor, as before (localStorage
 *   `variorum.placeholderNodes` = 'comments'), instead of no node at all: one
 *   node a paragraph that Chromium's selection sync walks (boundedSurface.ts);
 * - noindex (only with BOOK_BENCH_VARIANTS=…,noindex): the workspace with
 *   prosemirror-model's own walk for positions and both ends compared for the
 *   changed paragraphs (localStorage `variorum.fragmentIndex` = 'off';
 *   fragmentIndex.ts).
 *
 * Measures (fixed rounds, no adaptive stopping):
 * - first screen: from navigation start until the frame after the editor
 *   area first shows the first paragraphs' text (noted by the page from its
 *   start): the opening preview's or the editor's, whichever comes first; and
 *   "editor": until the editor itself shows it (ProseMirror's, editable);
 * - keystroke: keydown until after the next frame (rAF, then a task), the
 *   issue's method, and keydown until the edit was handled ('input'); the
 *   caret in the middle paragraph, the same one in every variant (asserted),
 *   KEYSTROKES keys a run ('a', every tenth a Backspace), a pause every 20.
 * Targets: workspace at 10,000 and 30,000 paragraphs ≤ 1.3× its own figure at
 * 800; first screen of 30,000 paragraphs ≤ 1 s.
 * Quicker: BOOK_BENCH_SIZES=800,10000 BOOK_BENCH_KEYSTROKES=40.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { startChromiumWorkspace } from '../chromiumWorkspace'
import { installKeystrokeProbe, percentile, readKeystrokeProbe } from '../keystrokeProbe'
import { chineseBook } from './chineseText'

const SIZES = (process.env.BOOK_BENCH_SIZES ?? '800,2500,5000,10000,30000').split(',').map(Number)
const KEYSTROKES = Number(process.env.BOOK_BENCH_KEYSTROKES ?? 60)
const RUNS = Number(process.env.BOOK_BENCH_RUNS ?? 1)
const KEYS_BETWEEN_PAUSES = 20
const PAUSE_MS = 800
type Variant = 'bare' | 'workspace' | 'restarted' | 'unbounded' | 'nopreview' | 'stockview' | 'displaylock' | 'comments' | 'noindex'
const VARIANTS = (process.env.BOOK_BENCH_VARIANTS ?? 'bare,workspace,restarted').split(',') as Variant[]

// BOOK_BENCH_TRACE=1: main-thread time by trace event while typing (workspace variants).
const TRACE = process.env.BOOK_BENCH_TRACE === '1'

interface TraceEvent { name: string; cat?: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: unknown }

/** Self time of the renderer main thread's events, largest first. */
function printTrace(label: string, events: TraceEvent[]): void {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain')
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && (!main || (e.tid === main.tid && e.pid === main.pid))).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, { ms: number; count: number }>()
  const stack: { end: number; name: string; child: number }[] = []
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const top = stack.pop()!
      self.get(top.name)!.ms -= top.child / 1000
    }
  }
  for (const e of onMain) {
    close(e.ts)
    if (stack.length) stack[stack.length - 1].child += e.dur!
    const entry = self.get(e.name) ?? { ms: 0, count: 0 }
    entry.ms += e.dur! / 1000
    entry.count++
    self.set(e.name, entry)
    stack.push({ end: e.ts + e.dur!, name: e.name, child: 0 })
  }
  close(Infinity)
  console.log(`trace ${label}: main-thread self time by event`)
  for (const [name, { ms, count }] of [...self].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${String(count).padStart(6)}×  ${name}`)
}

// BOOK_BENCH_TRACE_LOAD=1: the renderer main thread's long tasks from navigation to the first
// screen, each at its time since navigation with its largest parts (compile, evaluate, layout…).
const TRACE_LOAD = process.env.BOOK_BENCH_TRACE_LOAD === '1'

/** Main-thread tasks of at least 15 ms, in ms since navigation (`mainMark` anchors the trace's clock to the page's). */
function printLoadTrace(label: string, events: TraceEvent[], mainMark: { ts: number; at: number; pid: number; tid: number } | null, until: number): void {
  // The page's renderer, not about:blank's before the navigation: the thread that marked variorum:main.
  const main = mainMark
  if (!main) return void console.log(`trace load ${label}: no renderer main thread or no variorum:main mark in the trace`)
  const ms = (ts: number) => Math.round(ts / 1000 - mainMark.ts / 1000 + mainMark.at)
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && e.tid === main.tid && e.pid === main.pid).sort((a, b) => a.ts - b.ts)
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! >= 15_000 && ms(e.ts) <= until)
  console.log(`trace load ${label}: main-thread tasks ≥ 15 ms before the first screen (${until} ms)`)
  for (const task of tasks) {
    const parts = new Map<string, number>()
    for (const e of onMain) if (e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! >= 3000) parts.set(e.name + ((e.args as { data?: { url?: string } } | undefined)?.data?.url?.replace(/^.*\//, ' ') ?? ''), Math.max(parts.get(e.name) ?? 0, e.dur! / 1000))
    const top = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, d]) => `${n} ${Math.round(d)}`).join(', ')
    console.log(`  ${String(ms(task.ts)).padStart(6)}–${String(ms(task.ts + task.dur!)).padEnd(6)} ${String(Math.round(task.dur! / 1000)).padStart(5)} ms  ${top}`)
  }
}

// BOOK_BENCH_TIMELINE=1: the requests (and performance marks) before the first screen, ms since navigation.
const TIMELINE = process.env.BOOK_BENCH_TIMELINE === '1'

// BOOK_BENCH_PER_KEY=1: each keystroke's input latency in the order typed (are the slow ones the first?).
const PER_KEY = process.env.BOOK_BENCH_PER_KEY === '1'

// BOOK_BENCH_PROFILE=1: JavaScript functions by inclusive time while typing (workspace variants).
const PROFILE = process.env.BOOK_BENCH_PROFILE === '1'
// BOOK_BENCH_PROFILE_LOAD=1: the same, from navigation to the first screen.
const PROFILE_LOAD = process.env.BOOK_BENCH_PROFILE_LOAD === '1'

interface Profile { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] }

function printProfile(label: string, profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const keyOf = (id: number) => {
    const f = byId.get(id)!.callFrame
    return `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`
  }
  const inclusive = new Map<string, number>()
  const self = new Map<string, number>()
  ;(profile.samples ?? []).forEach((id, i) => {
    const ms = (profile.timeDeltas?.[i] ?? 0) / 1000
    self.set(keyOf(id), (self.get(keyOf(id)) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(at))
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + ms)
  })
  const top = (times: Map<string, number>) => [...times].filter(([k]) => !/^\((root|program|idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)
  console.log(`profile ${label}: inclusive time`)
  for (const [key, ms] of top(inclusive)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`)
  console.log(`profile ${label}: self time`)
  for (const [key, ms] of top(self)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`)
}

interface Measurement { firstScreenMs: number; editorMs: number; frame: number[]; input: number[]; paragraph: number; liveParagraphs: number }

/**
 * The editor element as ProseMirror marks it: its view of the document (`pmViewDesc`), whose
 * child views are the paragraphs in order, each with its DOM (on the bounded surface a far
 * paragraph's is its run's block or nothing in the page), in every variant.
 */
type EditorElement = Element & { pmViewDesc: { children: { dom: Node }[] } }

/** Index of the paragraph holding the caret, or -1. */
function caretParagraph(page: Page): Promise<number> {
  return page.evaluate(() => {
    const editor = document.querySelector('.ProseMirror') as EditorElement
    let at: Node | null = document.getSelection()?.focusNode ?? null
    while (at && at.parentNode !== editor) at = at.parentNode
    return at ? editor.pmViewDesc.children.findIndex((child) => child.dom === at) : -1
  })
}

async function measure(browser: Browser, url: string, html: string | null, variant: Variant, paragraphs: number, middleOffset: number): Promise<Measurement> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  await context.addInitScript(({ unbounded, noPreview, stockView, displayLock, comments, noIndex }) => {
    localStorage.setItem('variorum.identity', JSON.stringify({ name: 'Bench', color: '#1d4ed8' }))
    if (displayLock) {
      document.addEventListener('DOMContentLoaded', () => {
        const details = document.createElement('details')
        details.innerHTML = '<summary>closed</summary>hidden'
        document.body.append(details)
      })
    }
    if (unbounded) localStorage.setItem('variorum.boundedSurface', 'off')
    if (noPreview) localStorage.setItem('variorum.openingPreview', 'off')
    if (stockView) localStorage.setItem('variorum.narrowDocUpdate', 'off')
    if (comments) localStorage.setItem('variorum.placeholderNodes', 'comments')
    if (noIndex) localStorage.setItem('variorum.fragmentIndex', 'off')
    // When text first shows in the editor area (the opening preview's or the editor's) and when the
    // editor's own does: noted by the page itself from its start, at the frame after the insertion
    // (rAF, then a task: painted), in ms since navigation. Polling from the bench would start only
    // once page.goto has returned, and miss a preview the editor replaced before that.
    const w = window as unknown as { __firstScreen: number | null; __editorScreen: number | null }
    w.__firstScreen = null
    w.__editorScreen = null
    // (No named functions in here: tsx would wrap them in a helper the page lacks.)
    let firstAsked = false
    let editorAsked = false
    const observer = new MutationObserver(() => {
      if (!firstAsked && (document.querySelector('.ProseMirror > p, .page .document-text > p')?.textContent ?? '').trim().length > 0) {
        firstAsked = true
        requestAnimationFrame(() => setTimeout(() => (w.__firstScreen = performance.now()), 0))
      }
      if (!editorAsked && (document.querySelector('.ProseMirror > p')?.textContent ?? '').trim().length > 0) {
        editorAsked = true
        requestAnimationFrame(() => setTimeout(() => (w.__editorScreen = performance.now()), 0))
        observer.disconnect()
      }
    })
    observer.observe(document, { childList: true, subtree: true, characterData: true })
  }, { unbounded: variant === 'unbounded', noPreview: variant === 'nopreview', stockView: variant === 'stockview', displayLock: variant === 'displaylock', comments: variant === 'comments', noIndex: variant === 'noindex' })
  if (html !== null) await context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }))
  const page = await context.newPage()
  page.on('crash', () => console.error(`${variant} ${paragraphs}: the page crashed`))
  page.on('pageerror', (error) => console.error(`${variant} ${paragraphs}: ${error.message}`))
  const loadProfiler = PROFILE_LOAD && variant !== 'bare' ? await context.newCDPSession(page) : null
  if (loadProfiler) {
    await loadProfiler.send('Profiler.enable')
    await loadProfiler.send('Profiler.setSamplingInterval', { interval: 500 })
    await loadProfiler.send('Profiler.start')
  }
  const loadTracer = TRACE_LOAD && variant !== 'bare' ? await context.newCDPSession(page) : null
  const loadEvents: TraceEvent[] = []
  if (loadTracer) {
    loadTracer.on('Tracing.dataCollected', (data) => { loadEvents.push(...(data.value as unknown as TraceEvent[])) })
    await loadTracer.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,disabled-by-default-v8.compile,blink,blink.user_timing,loading,__metadata', transferMode: 'ReportEvents' })
  }
  await page.goto(url)
  // The first paragraph's text in the editor area (bare: its editor; the workspace: the page
  // under the pane header, whether the opening preview's or the editor's), then the editor's.
  // Asked through the DevTools protocol, not page.waitForFunction: that first evaluates
  // Playwright's injected script in the page (a classic script, 0.2–0.6 s of the main thread at
  // load 15–18), which then lands between the opening's answer and its paint.
  const waiter = await context.newCDPSession(page)
  await waiter.send('Runtime.evaluate', { expression: 'new Promise((resolve) => { const check = () => (window.__editorScreen !== null ? resolve(true) : setTimeout(check, 50)); check() })', awaitPromise: true })
  await waiter.detach()
  const { firstScreenMs, editorMs } = await page.evaluate(() => {
    const w = window as unknown as { __firstScreen: number; __editorScreen: number }
    return { firstScreenMs: Math.round(w.__firstScreen), editorMs: Math.round(w.__editorScreen) }
  })
  if (loadTracer) {
    const done = new Promise<void>((resolve) => loadTracer.once('Tracing.tracingComplete', () => resolve()))
    await loadTracer.send('Tracing.end')
    await done
    const at = await page.evaluate(() => performance.getEntriesByName('variorum:main')[0]?.startTime ?? null)
    const mark = loadEvents.find((e) => e.name === 'variorum:main' && e.cat === 'blink.user_timing')
    mkdirSync('.tmp', { recursive: true })
    writeFileSync(join('.tmp', `book-load-${variant}-${paragraphs}.json`), JSON.stringify({ traceEvents: loadEvents }))
    printLoadTrace(`${variant} ${paragraphs}`, loadEvents, mark && at !== null ? { ts: mark.ts, at, pid: mark.pid, tid: mark.tid } : null, firstScreenMs)
  }
  if (loadProfiler) printProfile(`first screen, ${variant} ${paragraphs}`, (await loadProfiler.send('Profiler.stop')).profile as unknown as Profile)
  if (TIMELINE && variant !== 'bare') {
    // Where the first screen's time went: each request's start and end (ms since navigation).
    const entries = await page.evaluate(() => [
      ...performance.getEntriesByType('navigation').map((e) => ({ name: 'document', start: e.startTime, end: (e as PerformanceNavigationTiming).responseEnd })),
      ...performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(location.origin, ''), start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
      ...performance.getEntriesByType('mark').map((e) => ({ name: `mark ${e.name}`, start: e.startTime, end: e.startTime })),
    ])
    const shown = entries.filter((e) => e.start <= firstScreenMs).sort((x, y) => x.start - y.start)
    console.log(`timeline ${variant} ${paragraphs}: ${shown.map((e) => `${e.name} ${Math.round(e.start)}–${Math.round(e.end)}`).join(', ')}; first screen ${firstScreenMs}, editor ${editorMs}`)
  }
  await page.waitForFunction((n) => (document.querySelector('.ProseMirror') as EditorElement | null)?.pmViewDesc?.children.length === n, paragraphs, { timeout: 300_000 })
  if (html === null) await page.waitForSelector('[data-testid="connection-status"][data-state="synced"]', { timeout: 300_000 })
  const middle = Math.floor(paragraphs / 2)
  // Bring the middle paragraph into view: bare ProseMirror by scrolling to it, the workspace by
  // its address (#/doc/<id>@<offset>, what search results link to), which also works for a
  // paragraph that is not drawn until it comes near the viewport.
  if (html !== null) await page.evaluate((i) => ((document.querySelector('.ProseMirror') as EditorElement).pmViewDesc.children[i].dom as Element).scrollIntoView({ block: 'center' }), middle)
  else await page.evaluate((offset) => { location.hash = `${location.hash.replace(/@.*$/, '')}@${offset}` }, middleOffset)
  await page.waitForFunction((i) => (document.querySelector('.ProseMirror') as EditorElement).pmViewDesc.children[i].dom.nodeName === 'P', middle)
  // Where it is once the surface has settled around it (two frames without a move).
  const box = await page.evaluate(async (i) => {
    // (No named functions in here: tsx would wrap them in a helper the page lacks.)
    const element = (document.querySelector('.ProseMirror') as EditorElement).pmViewDesc.children[i].dom as Element
    let last = element.getBoundingClientRect()
    for (let k = 0; k < 100; k++) {
      for (let f = 0; f < 2; f++) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
      const now = element.getBoundingClientRect()
      const still = now.top === last.top && now.left === last.left
      last = now
      if (still && now.top > 0 && now.bottom < innerHeight) break
      if (still) element.scrollIntoView({ block: 'center' })
    }
    return { x: last.left, y: last.top }
  }, middle)
  await page.mouse.click(box.x + 120, box.y + 8)
  // BOOK_BENCH_SHOT=1: what was clicked, to look at.
  if (process.env.BOOK_BENCH_SHOT) await page.screenshot({ path: `.tmp/book-${variant}-${paragraphs}.png` })
  const paragraph = await caretParagraph(page)
  await installKeystrokeProbe(page)
  const tracer = TRACE && variant !== 'bare' ? await context.newCDPSession(page) : null
  const traceEvents: TraceEvent[] = []
  if (tracer) {
    tracer.on('Tracing.dataCollected', (data) => { traceEvents.push(...(data.value as unknown as TraceEvent[])) })
    await tracer.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,__metadata', transferMode: 'ReportEvents' })
  }
  const profiler = PROFILE && variant !== 'bare' ? await context.newCDPSession(page) : null
  if (profiler) {
    mkdirSync('.tmp', { recursive: true })
    await profiler.send('Profiler.enable')
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 })
    await profiler.send('Profiler.start')
  }
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.press(i % 10 === 9 ? 'Backspace' : 'KeyA')
    await page.waitForTimeout(i % KEYS_BETWEEN_PAUSES === KEYS_BETWEEN_PAUSES - 1 ? PAUSE_MS : 15)
  }
  await page.waitForTimeout(200)
  if (profiler) {
    const profile = (await profiler.send('Profiler.stop')).profile as unknown as Profile
    printProfile(`${variant} ${paragraphs}`, profile)
    // The whole profile, for DevTools or a closer look (.tmp is git-ignored).
    writeFileSync(join('.tmp', `book-${variant}-${paragraphs}.cpuprofile`), JSON.stringify(profile))
  }
  if (tracer) {
    const done = new Promise<void>((resolve) => tracer.once('Tracing.tracingComplete', () => resolve()))
    await tracer.send('Tracing.end')
    await done
    printTrace(`${variant} ${paragraphs}`, traceEvents)
  }
  const typedIn = await caretParagraph(page)
  if (typedIn !== paragraph) throw new Error(`${variant}: the caret moved from paragraph ${paragraph} to ${typedIn} while typing`)
  const liveParagraphs = await page.evaluate(() => document.querySelectorAll('.ProseMirror > p').length)
  const { frame, input } = await readKeystrokeProbe(page)
  if (PER_KEY) console.log(`keys ${variant} ${paragraphs}: input ${input.map(Math.round).join(' ')}`)
  await context.close()
  return { firstScreenMs, editorMs, frame, input, paragraph, liveParagraphs }
}

/** The bare ProseMirror page on `paragraphs`, with the workspace's stylesheet. */
async function barePage(paragraphs: string[]): Promise<string> {
  const bundle = await build({ entryPoints: [join(process.cwd(), 'bench/annotations/barePage.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' })
  const index = readFileSync(join(process.cwd(), 'dist/client/index.html'), 'utf8')
  const styles = [...index.matchAll(/<link rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join('\n')
  return `<!doctype html><html lang="zh"><head><meta charset="UTF-8">${styles}</head><body>
<section class="editor-pane"><div class="pane-scroll" style="height:100vh;overflow:auto"><div class="editor-mount"><div id="editor"></div></div></div></section>
<script>window.__paragraphs = ${JSON.stringify(paragraphs).replace(/</g, '\\u003c')}</script>
<script>${bundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script')}</script></body></html>`
}

export default async function bench(): Promise<void> {
  const books = new Map(SIZES.map((n) => [n, chineseBook(`书稿 ${n} 段`, n)]))
  const files = Object.fromEntries([...books].map(([n, paragraphs]) => [`book-${n}.txt`, paragraphs.join('\n\n') + '\n']))
  const workspace = await startChromiumWorkspace('book', files)
  try {
    const list = (await (await fetch(`${workspace.url}/api/documents`)).json()) as { id: string; title: string; characters: number }[]
    const rows: { size: number; characters: number; results: Record<string, Measurement[]> }[] = []
    for (const [size, paragraphs] of books) {
      const doc = list.find((d) => d.title.includes(`${size} 段`))
      if (!doc) throw new Error(`document of ${size} paragraphs not served: ${JSON.stringify(list.map((d) => d.title))}`)
      const bareHtml = await barePage(paragraphs)
      // Projection offset of the middle paragraph's start ("\n\n" between paragraphs).
      const middleOffset = paragraphs.slice(0, Math.floor(size / 2)).reduce((sum, text) => sum + text.length + 2, 0)
      const results: Record<string, Measurement[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]))
      for (let run = 0; run < RUNS; run++) {
        for (let k = 0; k < VARIANTS.length; k++) {
          const variant = VARIANTS[(run + k + size) % VARIANTS.length]
          if (variant === 'restarted') await workspace.restart()
          const target = variant === 'bare' ? `${workspace.url}/bench-bare.html` : `${workspace.url}/#/doc/${encodeURIComponent(doc.id)}`
          results[variant].push(await measure(workspace.browser, target, variant === 'bare' ? bareHtml : null, variant, size, middleOffset))
        }
      }
      const typedIn = new Set(VARIANTS.flatMap((v) => results[v].map((r) => r.paragraph)))
      if (typedIn.size !== 1) throw new Error(`${size}: the variants typed in different paragraphs: ${[...typedIn].join(', ')}`)
      rows.push({ size, characters: doc.characters, results })
      const line = VARIANTS.map((v) => {
        const frame = results[v].flatMap((r) => r.frame)
        return `${v} ${percentile(frame, 50).toFixed(1)}/${percentile(frame, 95).toFixed(1)} ms, first screen ${results[v].map((r) => r.firstScreenMs).join(' / ')} ms, editor ${results[v].map((r) => r.editorMs).join(' / ')} ms, ${results[v][0].liveParagraphs} live`
      }).join('; ')
      console.log(`${size} paragraphs: ${line}`)
    }
    const ms = (x: number) => x.toFixed(1)
    const base = rows[0]
    const stat = (row: (typeof rows)[number], v: string, key: 'frame' | 'input', p: number) => percentile(row.results[v].flatMap((r) => r[key]), p)
    console.log(`\n${KEYSTROKES * RUNS} keystrokes per length and variant, caret in the middle paragraph; ratios against the same variant at ${base.size} paragraphs`)
    console.log(`\n| paragraphs (characters) | ${VARIANTS.map((v) => `${v} frame p50 / p95 (ms) | ${v} input p50 / p95 | ${v} first screen / editor (ms) | ${v} p50 / p95 ÷ at ${base.size}`).join(' | ')} |`)
    console.log(`| --- | ${VARIANTS.map(() => '--- | --- | --- | ---').join(' | ')} |`)
    for (const row of rows) {
      const cells = VARIANTS.map((v) => {
        const first = percentile(row.results[v].map((r) => r.firstScreenMs), 50)
        const editor = percentile(row.results[v].map((r) => r.editorMs), 50)
        return `${ms(stat(row, v, 'frame', 50))} / ${ms(stat(row, v, 'frame', 95))} | ${ms(stat(row, v, 'input', 50))} / ${ms(stat(row, v, 'input', 95))} | ${first} / ${editor} | ${(stat(row, v, 'frame', 50) / stat(base, v, 'frame', 50)).toFixed(2)}× / ${(stat(row, v, 'frame', 95) / stat(base, v, 'frame', 95)).toFixed(2)}×`
      })
      console.log(`| ${row.size.toLocaleString('en')} (${row.characters.toLocaleString('en')}) | ${cells.join(' | ')} |`)
    }
  } finally {
    await workspace.close()
  }
}
