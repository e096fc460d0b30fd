/**
 * `npm run bench -- annotations`: the sample repeated to ~200 KB, opened in
 * Debian Chromium three ways, side by side in the same run, the order rotated
 * each round (the machine is shared and noisy: only the ratios mean much):
 * bare ProseMirror on the same paragraphs (the floor), Variorum without
 * annotations, Variorum with 5,000 annotations.
 *
 * - load: from navigation until the text is shown (and, with annotations, the
 *   decorations and the sidebar's first cards).
 * - keystroke: 'input' = keydown until the edit has been handled (a
 *   setTimeout(0) queued in keydown runs after ProseMirror, y-prosemirror and
 *   the decoration mapping); 'frame' = keydown until after the next frame
 *   (rAF, then a task), which includes style and layout but also up to one
 *   frame of waiting. Every variant types in the same paragraph (asserted),
 *   with pauses long enough for the idle-time rebuilds to run, and main-thread
 *   tasks over 50 ms during typing and pauses are counted.
 * Targets (issue #20): annotated ≤ 1.5× bare at p50 and ≤ 1.6× at p95; no long
 * task; load with annotations ≤ 1.5× without.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { build } from 'esbuild'
import { startWorkspace } from '../../server/workspace'
import { createAnnotation, fragmentOf } from '../../doc'
import { FragmentText } from '../../doc'
import { BUILT_IN_TYPES } from '../../core/annotations/annotation'
import { buildClientIfNeeded } from '../../server/buildClient'

const TARGET_BYTES = 200_000
const ANNOTATIONS = 5000
// Quicker runs while working on it: ANN_BENCH_RUNS=1 ANN_BENCH_KEYSTROKES=60.
const KEYSTROKES = Number(process.env.ANN_BENCH_KEYSTROKES ?? 120)
const RUNS = Number(process.env.ANN_BENCH_RUNS ?? 3)
/** A pause after this many keystrokes, of PAUSE_MS: longer than the 400 ms rebuild delay plus its idle wait. */
const KEYS_BETWEEN_PAUSES = 20
const PAUSE_MS = 1500
// ANN_BENCH_PROFILE=1: a CDP CPU profile of the keystroke phase, hottest functions by self time.
const PROFILE = process.env.ANN_BENCH_PROFILE === '1'
// ANN_BENCH_TRACE=1: a Chromium trace of the keystroke phase, time by renderer main-thread event (layout, style, script…).
const TRACE = process.env.ANN_BENCH_TRACE === '1'
// ANN_BENCH_INVALIDATIONS=1 (with ANN_BENCH_TRACE=1): Chromium's invalidation tracking in the trace, summed by
// event, node and reason: which elements a keystroke marks for style, layout or paint, and why.
const INVALIDATIONS = process.env.ANN_BENCH_INVALIDATIONS === '1'
// ANN_BENCH_FOLD=1: the side panel folded before typing (what the panel costs per keystroke).
const FOLD_PANEL = process.env.ANN_BENCH_FOLD === '1'
// ANN_BENCH_LOAD_PROFILE=1: a CDP CPU profile of the annotated variant's load (navigation until the text, decorations and cards show).
const LOAD_PROFILE = process.env.ANN_BENCH_LOAD_PROFILE === '1'
// ANN_BENCH_LOAD_ONLY=1: only the load phase, no typing (ANN_BENCH_RUNS rounds, default 3). Rooms unload
// 500 ms after their last client leaves and each load waits for that, so every one is a cold join, as in
// the full bench (where the typing in between takes longer than the 10 s unload delay).
const LOAD_ONLY = process.env.ANN_BENCH_LOAD_ONLY === '1'
/** What a load-only run waits after each load: the rooms' 500 ms unload delay, the unload and any fold. */
const LOAD_ONLY_GAP_MS = 2500
// ANN_BENCH_LOAD_TIMELINE=1: the page's own timeline of each load (sync frames received and the time their
// handler took, main-thread tasks over 50 ms, when the text, decorations and cards showed), without CDP.
const LOAD_TIMELINE = process.env.ANN_BENCH_LOAD_TIMELINE === '1'
// ANN_BENCH_REOPEN=1 (with ANN_BENCH_LOAD_ONLY=1): each load is a returning visitor's, whose browser holds a
// local copy from a first, unmeasured load in the same context; prints the bytes its sync socket received.
const REOPEN = process.env.ANN_BENCH_REOPEN === '1'

/**
 * Page-side recorder for ANN_BENCH_LOAD_TIMELINE (a string: tsx would wrap named
 * helpers in __name, unknown in the page). Times are performance.now() from navigation.
 */
const TIMELINE_SCRIPT = `(() => {
  const marks = window.__loadMarks = []
  const mark = (what) => marks.push([Math.round(performance.now()), what])
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      mark('socket created')
      this.addEventListener('open', () => mark('socket open'))
      let sent = 0
      const send = this.send.bind(this)
      this.send = (data) => { if (sent++ < 3) mark('sent ' + (data.byteLength ?? data.length) + ' B'); send(data) }
    }
    set onmessage(handler) {
      super.onmessage = (event) => {
        const size = event.data.byteLength ?? event.data.length
        const at = performance.now()
        handler.call(this, event)
        if (size > 10000) marks.push([Math.round(at), 'frame ' + size + ' B handled in ' + Math.round(performance.now() - at) + ' ms'])
      }
    }
    get onmessage() { return super.onmessage }
  }
  new PerformanceObserver((list) => { for (const e of list.getEntries()) marks.push([Math.round(e.startTime), 'task ' + Math.round(e.duration) + ' ms']) }).observe({ type: 'longtask', buffered: true })
  const seen = new Set()
  const poll = () => {
    const check = (name, ok) => { if (!seen.has(name) && ok) { seen.add(name); mark(name) } }
    check('text shown', (document.querySelector('.ProseMirror')?.childElementCount ?? 0) > 100)
    check('decorations shown', document.querySelector('.ProseMirror .ann') !== null)
    check('first card shown', document.querySelector('[data-testid="annotation-card"]') !== null)
    if (seen.size < 3) requestAnimationFrame(poll)
  }
  requestAnimationFrame(poll)
})()`

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; cat: string; args?: unknown }

function printTrace(label: string, events: TraceEvent[]): void {
  // Self time of each event on the renderer's main thread (nested complete events).
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string } | undefined)?.name === 'CrRendererMain')
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && (!main || (e.tid === main.tid && e.pid === main.pid)))
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, { ms: number; count: number }>()
  const stack: { end: number; name: string; child: number }[] = []
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const top = stack.pop()!
      const entry = self.get(top.name)!
      entry.ms -= top.child / 1000
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
  // The tasks over 50 ms, each with the script calls in it (where a long task comes from).
  // By thread (CPU) time, not wall time: on a loaded machine the wall time of a task is
  // mostly the renderer waiting for a core, which says nothing of the page's own work.
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.tdur ?? e.dur!) > Number(process.env.ANN_BENCH_TASK_MS ?? 30) * 1000)
  for (const task of tasks) {
    const calls = onMain.filter((e) => e.name === 'FunctionCall' && e.ts >= task.ts && e.ts < task.ts + task.dur!)
      .map((e) => { const d = (e.args as { data?: { functionName?: string; url?: string; lineNumber?: number } } | undefined)?.data; return `${d?.functionName || '?'}@${(d?.url ?? '').replace(/^.*\//, '')}:${d?.lineNumber ?? 0} ${((e.tdur ?? e.dur!) / 1000).toFixed(0)}ms` })
    console.log(`  task of ${((task.tdur ?? task.dur!) / 1000).toFixed(0)} ms CPU (${(task.dur! / 1000).toFixed(0)} ms wall): ${calls.slice(0, 6).join(', ') || '(no script)'}`)
  }
  // Layouts by CPU time: one that lays out far more than the typed paragraph (e.g. when it gains a line).
  const layouts = onMain.filter((e) => e.name === 'Layout').map((e) => (e.tdur ?? e.dur!) / 1000).sort((a, b) => b - a)
  console.log(`  ${label}: ${layouts.length} layouts, over 10 ms CPU: ${layouts.filter((ms) => ms > 10).length} (longest ${(layouts[0] ?? 0).toFixed(1)} ms); median ${(layouts[layouts.length >> 1] ?? 0).toFixed(1)} ms`)
  console.log(`\ntrace ${label}: main-thread self time by event`)
  for (const [name, { ms, count }] of [...self].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${String(count).padStart(6)}×  ${name}`)
}

/**
 * The trace's invalidation-tracking events (ANN_BENCH_INVALIDATIONS) by event,
 * node and reason, most frequent first, each with the first frames of one stack.
 */
function printInvalidations(label: string, events: TraceEvent[]): void {
  const counts = new Map<string, { count: number; stack: string }>()
  for (const e of events) {
    if (!/InvalidationTracking/.test(e.name)) continue
    const data = (e.args as { data?: Record<string, unknown> } | undefined)?.data ?? {}
    const node = String(data.nodeName ?? data.nodeId ?? '?')
    const reason = String(data.reason ?? data.invalidationSet ?? data.changedClass ?? data.changedId ?? data.changedAttribute ?? data.changedPseudo ?? '')
    const extra = ['changedClass', 'changedAttribute', 'changedId', 'changedPseudo', 'selectors', 'invalidatedSelectorId'].filter((k) => data[k] !== undefined).map((k) => `${k}=${JSON.stringify(data[k]).slice(0, 120)}`).join(' ')
    const key = `${e.name} | ${node} | ${reason} ${extra}`
    const frames = (data.stackTrace as { functionName?: string; url?: string; lineNumber?: number }[] | undefined) ?? []
    const entry = counts.get(key) ?? { count: 0, stack: frames.slice(0, 4).map((f) => `${f.functionName || '?'}@${(f.url ?? '').replace(/^.*\//, '')}:${f.lineNumber ?? 0}`).join(' < ') }
    entry.count++
    counts.set(key, entry)
  }
  console.log(`\ninvalidations ${label}: ${[...counts.values()].reduce((n, c) => n + c.count, 0)} events`)
  for (const [key, { count, stack }] of [...counts].sort((a, b) => b[1].count - a[1].count).slice(0, Number(process.env.ANN_BENCH_INVALIDATIONS_TOP ?? 40))) {
    console.log(`  ${String(count).padStart(6)}×  ${key}${stack ? `  [${stack}]` : ''}`)
  }
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }

function printProfile(label: string, profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }): void {
  const self = new Map<string, number>()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let total = 0
  samples.forEach((id, i) => {
    const node = byId.get(id)!
    const frame = node.callFrame
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}`
    const ms = (deltas[i] ?? 0) / 1000
    total += ms
    self.set(key, (self.get(key) ?? 0) + ms)
  })
  // Inclusive time: a sample counts once for each distinct function on its stack.
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const keyOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\//, '')}:${node.callFrame.lineNumber + 1}`
  const inclusive = new Map<string, number>()
  samples.forEach((id, i) => {
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)!))
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (deltas[i] ?? 0) / 1000)
  })
  // Busy stretches (samples without idle between them) over 40 ms (ANN_BENCH_STRETCH_MS), each with its hottest
  // functions: where a long task comes from, in source names when the client is built
  // without minifying (npx vite build --minify false).
  let stretch: { from: number; to: number; samples: number[] } | null = null
  let clock = 0
  const stretches: { from: number; to: number; samples: number[] }[] = []
  samples.forEach((id, i) => {
    clock += (deltas[i] ?? 0) / 1000
    const idle = /^\(idle\)/.test(keyOf(byId.get(id)!))
    if (!idle) {
      if (stretch && clock - stretch.to < 2) { stretch.to = clock; stretch.samples.push(i) } else { stretch = { from: clock, to: clock, samples: [i] } ; stretches.push(stretch) }
    }
  })
  for (const { from, to, samples: inStretch } of stretches.filter((s) => s.to - s.from > Number(process.env.ANN_BENCH_STRETCH_MS ?? 40))) {
    const hot = new Map<string, number>()
    for (const i of inStretch) {
      const seen = new Set<string>()
      for (let at: number | undefined = samples[i]; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)!))
      for (const key of seen) hot.set(key, (hot.get(key) ?? 0) + (deltas[i] ?? 0) / 1000)
    }
    console.log(`  busy ${(to - from).toFixed(0)} ms at ${from.toFixed(0)} ms: ${[...hot].filter(([k]) => !/^\((root|program|idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | ')}`)
  }
  console.log(`\nprofile ${label}: top inclusive time:`)
  for (const [key, ms] of [...inclusive].filter(([k]) => !/^\((root|program|idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`)
  console.log(`\nprofile ${label}: ${total.toFixed(0)} ms sampled; top self time:`)
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`)
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function connect(port: number, id: string): Promise<{ ydoc: Y.Doc; provider: WebsocketProvider }> {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, id, ydoc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket })
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return { ydoc, provider }
}

async function seedAnnotations(port: number, id: string): Promise<number> {
  const { ydoc, provider } = await connect(port, id)
  const text = new FragmentText(fragmentOf(ydoc))
  const gen = prng.create(42)
  let made = 0
  ydoc.transact(() => {
    while (made < ANNOTATIONS) {
      const start = prng.int32(gen, 0, text.length - 2)
      const end = Math.min(text.length, start + prng.int32(gen, 2, 40))
      try {
        createAnnotation(ydoc, { type: BUILT_IN_TYPES[made % BUILT_IN_TYPES.length], author: `editor${made % 7}`, start, end, comment: `note ${made}` }, text)
        made++
      } catch {
        // a range over a separator only: draw again
      }
    }
  })
  // Read back through a second client: the server has them all.
  const check = await connect(port, id)
  const deadline = Date.now() + 20_000
  while (check.ydoc.getMap('annotations').size < ANNOTATIONS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  const size = check.ydoc.getMap('annotations').size
  provider.destroy()
  check.provider.destroy()
  return size
}

interface Measurement { loadMs: number; input: number[]; frame: number[]; longTasks: number[]; paragraph: number }

type Variant = 'bare' | 'plain' | 'annotated' | `annotated:${string}`

/**
 * ANN_BENCH_VARIANTS=annotated,annotated:no-underlines,…: extra annotated rows,
 * each with a stylesheet of STYLE_VARIANTS added to the page, measured side by
 * side with the others (what a way of drawing costs per keystroke; only the
 * ratios of one run mean much). The default rows are bare, plain, annotated.
 */
const STYLE_VARIANTS: Record<string, string> = {
  // The floor of drawing: the same spans without their underlines, or without anything drawn.
  'no-underlines': '.ProseMirror .ann { background-image: none !important; padding-bottom: 0 !important }',
  'no-paint': '.ProseMirror .ann { background: none !important; padding-bottom: 0 !important }',
  // The spans' boxes gone (their text laid out as if unwrapped): what the number of spans costs.
  'no-boxes': '.ProseMirror .ann { display: contents !important }',
  // The annotation sidebar not drawn (the editor gets its width): what repainting it costs per key.
  'no-sidebar': '[data-testid="annotation-sidebar"] { display: none !important }',
  // The sidebar without its cards (header, creation and filters only).
  'no-cards': '[data-testid="annotation-card"] { display: none !important }',
  // The cards' scroller in a compositing layer of its own (recorded apart from the editor's).
  'cards-layer': '.annotation-sidebar .cards { will-change: transform }',
  // The cards' list a flex column instead of a grid (the same look).
  'cards-flex': '.annotation-sidebar .cards { display: flex !important; flex-direction: column }',
  // A keystroke's layout and paint kept inside the editor's scroller, or away from the side column.
  'contain-scroll': '.pane-scroll { contain: strict }',
  'contain-side': '.side-column { contain: strict }',
  // Layout: paragraphs laid out even off screen, or without the room made for the chips above them.
  'no-cv': '.ProseMirror.ann-large > p { content-visibility: visible !important }',
  'no-chip-room': '.ProseMirror.ann-large:not(.bounded-surface) > p { padding-top: 0 !important; margin-top: 1em !important }',
}

/** What a variant opens: workspace document `id` at `url`, or (id null) the page `html` served at `url`. */
interface Target { url: string; id: string | null; html?: string }

/** Index of the paragraph holding the DOM selection's focus, or -1. */
function caretParagraph(page: Page): Promise<number> {
  return page.evaluate(() => {
    const focus = document.getSelection()?.focusNode ?? null
    const paragraph = (focus instanceof Element ? focus : focus?.parentElement)?.closest('.ProseMirror p') ?? null
    return paragraph ? [...document.querySelectorAll('.ProseMirror p')].indexOf(paragraph) : -1
  })
}

/** The first, unmeasured visit of ANN_BENCH_REOPEN: loads the document, waits until its local copy holds the received state, leaves. */
async function leaveLocalCopy(context: BrowserContext, target: Target, annotated: boolean): Promise<void> {
  const page = await context.newPage()
  let received = 0
  page.on('websocket', (ws) => {
    if (ws.url().includes('/sync')) ws.on('framereceived', (frame) => { received = Math.max(received, typeof frame.payload === 'string' ? 0 : frame.payload.byteLength) })
  })
  await page.goto(`${target.url}/#/doc/${encodeURIComponent(target.id!)}`)
  await page.waitForFunction((withAnnotations) => document.querySelectorAll('.ProseMirror p').length > 100
    && (!withAnnotations || document.querySelector('[data-testid="annotation-card"]') !== null), annotated, { timeout: 120_000 })
  const name = `variorum:${target.id}`
  const copyBytes = (): Promise<number> => page.evaluate((dbName) => new Promise<number>((resolve) => {
    const open = indexedDB.open(dbName)
    open.onsuccess = () => {
      const all = open.result.transaction('updates').objectStore('updates').getAll()
      all.onsuccess = () => { open.result.close(); resolve((all.result as Uint8Array[]).reduce((sum, row) => sum + row.byteLength, 0)) }
    }
  }), name)
  const waitUntil = Date.now() + 60_000
  // The largest frame is the state: its update plus a few bytes of message header.
  while ((await copyBytes()) < received - 16) {
    if (Date.now() > waitUntil) throw new Error(`the local copy of ${name} never held the ${received} B received`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await page.close()
  await new Promise((resolve) => setTimeout(resolve, LOAD_ONLY_GAP_MS))
}

async function measure(browser: Browser, target: Target, variant: Variant): Promise<Measurement> {
  const annotated = variant.startsWith('annotated')
  const extraStyle = variant.startsWith('annotated:') ? STYLE_VARIANTS[variant.slice('annotated:'.length)] : undefined
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  await context.addInitScript(() => localStorage.setItem('variorum.identity', JSON.stringify({ name: 'Bench', color: '#1d4ed8' })))
  if (extraStyle !== undefined) {
    // An adopted stylesheet: the workspace's CSP refuses <style> elements.
    await context.addInitScript((css) => {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(css)
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    }, extraStyle)
  }
  if (target.html !== undefined) {
    const html = target.html
    await context.route(target.url, (route) => route.fulfill({ contentType: 'text/html', body: html }))
  }
  if (LOAD_TIMELINE) await context.addInitScript(TIMELINE_SCRIPT)
  if (REOPEN && target.id !== null) await leaveLocalCopy(context, target, annotated)
  const page = await context.newPage()
  let syncBytes = 0
  page.on('websocket', (ws) => {
    if (ws.url().includes('/sync')) ws.on('framereceived', (frame) => { syncBytes += typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength })
  })
  const loadProfiler = LOAD_PROFILE && variant !== 'bare' ? await page.context().newCDPSession(page) : null
  if (loadProfiler) {
    await loadProfiler.send('Profiler.enable')
    await loadProfiler.send('Profiler.setSamplingInterval', { interval: 500 })
    await loadProfiler.send('Profiler.start')
  }
  // ANN_BENCH_LOAD_TRACE=1: a Chromium trace of each workspace load (time by main-thread event: script, layout, GC…).
  const loadTraceEvents: TraceEvent[] = []
  const loadTracer = process.env.ANN_BENCH_LOAD_TRACE === '1' && variant !== 'bare' ? await page.context().newCDPSession(page) : null
  if (loadTracer) {
    loadTracer.on('Tracing.dataCollected', (data) => { loadTraceEvents.push(...(data.value as unknown as TraceEvent[])) })
    await loadTracer.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,v8,blink,__metadata', transferMode: 'ReportEvents' })
  }
  const started = Date.now()
  if (loadProfiler) {
    page.on('requestfinished', (request) => {
      const t = request.timing()
      console.log(`  request ${request.url().replace(/^https?:\/\/[^/]+/, '')} start +${(t.startTime - started).toFixed(0)} ms, response end ${t.responseEnd.toFixed(0)} ms`)
    })
    page.on('websocket', (ws) => {
      console.log(`  websocket ${ws.url()} opened at +${Date.now() - started} ms`)
      ws.on('framereceived', (frame) => console.log(`  ws frame ${typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength} B at +${Date.now() - started} ms`))
      ws.on('framesent', (frame) => console.log(`  ws sent ${typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength} B at +${Date.now() - started} ms`))
    })
  }
  await page.goto(target.id === null ? target.url : `${target.url}/#/doc/${encodeURIComponent(target.id)}`)
  await page.waitForFunction((withAnnotations) => document.querySelectorAll('.ProseMirror p').length > 100
    && (!withAnnotations || (document.querySelector('.ProseMirror .ann') !== null && document.querySelector('[data-testid="annotation-card"]') !== null)), annotated, { timeout: 120_000 })
  const loadMs = Date.now() - started
  if (REOPEN && target.id !== null) {
    const bytesAtLoad = syncBytes
    await page.waitForSelector('[data-testid="connection-status"][data-state="synced"]', { timeout: 120_000 })
    console.log(`  ${variant} reopened: first screen ${loadMs} ms (${bytesAtLoad} B received on the sync socket by then), synced ${Date.now() - started} ms (${syncBytes} B)`)
  }
  if (loadProfiler) {
    const { profile } = await loadProfiler.send('Profiler.stop')
    // ANN_BENCH_LOAD_PROFILE_DIR: also written there (e.g. for Chromium's DevTools, or a look at each task).
    if (process.env.ANN_BENCH_LOAD_PROFILE_DIR) writeFileSync(join(process.env.ANN_BENCH_LOAD_PROFILE_DIR, `${variant}-${Date.now()}.cpuprofile`), JSON.stringify(profile))
    printProfile(`${variant} load`, profile as unknown as { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] })
  }
  if (loadTracer) {
    const done = new Promise<void>((resolve) => loadTracer.once('Tracing.tracingComplete', () => resolve()))
    await loadTracer.send('Tracing.end')
    await done
    printTrace(`${variant} load`, loadTraceEvents)
  }
  if (LOAD_TIMELINE && variant !== 'bare') {
    await page.waitForTimeout(300)
    const marks = await page.evaluate(() => (window as unknown as { __loadMarks: [number, string][] }).__loadMarks)
    console.log(`\nload timeline ${variant} (${loadMs} ms):\n${marks.sort((a, b) => a[0] - b[0]).map(([at, what]) => `  ${String(at).padStart(6)} ms  ${what}`).join('\n')}`)
  }
  if (LOAD_ONLY) {
    await context.close()
    await new Promise((resolve) => setTimeout(resolve, LOAD_ONLY_GAP_MS))
    return { loadMs, input: [], frame: [], longTasks: [], paragraph: 0 }
  }
  if (FOLD_PANEL && variant !== 'bare') await page.getByTestId('fold-side-panel').click()
  // Type in the middle of the document, inside annotated text when there is some.
  await page.evaluate(() => {
    const paragraphs = document.querySelectorAll('.ProseMirror p')
    paragraphs[Math.floor(paragraphs.length / 2)].scrollIntoView()
  })
  const middle = page.locator('.ProseMirror p').nth(await page.evaluate(() => Math.floor(document.querySelectorAll('.ProseMirror p').length / 2)))
  await middle.click({ position: { x: 200, y: 10 } })
  const paragraph = await caretParagraph(page)
  await page.evaluate(() => {
    const w = window as unknown as { __input: number[]; __frame: number[]; __long: number[]; __keys: number[]; __longAt: string[] }
    w.__input = []
    w.__frame = []
    w.__long = []
    w.__keys = []
    w.__longAt = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__long.push(entry.duration)
        // When, relative to the last keystroke before it (a task in a pause comes long after one).
        const key = w.__keys.filter((t) => t <= entry.startTime).length
        w.__longAt.push(`${entry.duration.toFixed(0)} ms, ${key ? (entry.startTime - w.__keys[key - 1]).toFixed(0) : '-'} ms after key ${key}`)
      }
    }).observe({ type: 'longtask' })
    document.addEventListener('keydown', (event) => {
      const at = event.timeStamp
      w.__keys.push(at)
      setTimeout(() => w.__input.push(performance.now() - at), 0)
      requestAnimationFrame(() => setTimeout(() => w.__frame.push(performance.now() - at), 0))
    }, { capture: true })
  })
  // ANN_BENCH_MUTATIONS=1: the DOM mutations in the editor per keystroke (the first 80), e.g. to see
  // whether typing replaces elements around the caret (it made typing in annotated text slow, #20).
  if (process.env.ANN_BENCH_MUTATIONS === '1') {
    // A string, not a function: tsx would wrap the named helpers in __name, unknown in the page.
    await page.evaluate(`(() => {
      window.__mutations = []
      const describe = (n) => n.nodeType === 3 ? '#text(' + (n.textContent ?? '').slice(0, 12) + ')' : '<' + n.tagName?.toLowerCase() + ' class=' + n.className + '>'
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'characterData') window.__mutations.push('char ' + describe(r.target))
          else if (r.type === 'childList') window.__mutations.push('list in ' + describe(r.target) + ': +' + [...r.addedNodes].map(describe).join(',') + ' -' + [...r.removedNodes].map(describe).join(','))
          else window.__mutations.push('attr ' + r.attributeName + ' on ' + describe(r.target))
        }
      }).observe(document.querySelector(${JSON.stringify(process.env.ANN_BENCH_MUTATIONS_ROOT ?? '.ProseMirror')}), { subtree: true, childList: true, characterData: true, attributes: true })
      document.addEventListener('keydown', () => window.__mutations.push('--- key'), { capture: true })
      document.addEventListener('selectionchange', () => window.__mutations.push('selectionchange'))
    })()`)
  }
  const cdp = PROFILE ? await page.context().newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  const traceEvents: TraceEvent[] = []
  const tracer = TRACE ? await page.context().newCDPSession(page) : null
  if (tracer) {
    tracer.on('Tracing.dataCollected', (data) => { traceEvents.push(...(data.value as unknown as TraceEvent[])) })
    const invalidations = INVALIDATIONS ? ',disabled-by-default-devtools.timeline.invalidationTracking' : ''
    // ANN_BENCH_TRACE_CATEGORIES: more categories, e.g. v8,disabled-by-default-v8.gc for the garbage collector's pauses.
    const more = process.env.ANN_BENCH_TRACE_CATEGORIES ? `,${process.env.ANN_BENCH_TRACE_CATEGORIES}` : ''
    await tracer.send('Tracing.start', { categories: `devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,__metadata${invalidations}${more}`, transferMode: 'ReportEvents' })
  }
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.press(i % 10 === 9 ? 'Backspace' : 'KeyA')
    await page.waitForTimeout(i % KEYS_BETWEEN_PAUSES === KEYS_BETWEEN_PAUSES - 1 ? PAUSE_MS : 15)
  }
  await page.waitForTimeout(200)
  const typedIn = await caretParagraph(page)
  if (typedIn !== paragraph) throw new Error(`${variant}: the caret moved from paragraph ${paragraph} to ${typedIn} while typing`)
  if (tracer) {
    const done = new Promise<void>((resolve) => tracer.once('Tracing.tracingComplete', () => resolve()))
    await tracer.send('Tracing.end')
    await done
    // ANN_BENCH_TRACE_FILE=path: the raw events too (path-variant.json), to look at again.
    if (process.env.ANN_BENCH_TRACE_FILE) writeFileSync(`${process.env.ANN_BENCH_TRACE_FILE}-${variant.replace(/[^a-z-]/g, '_')}.json`, JSON.stringify(traceEvents))
    printTrace(variant, traceEvents)
    if (INVALIDATIONS) printInvalidations(variant, traceEvents)
  }
  if (cdp) printProfile(variant, (await cdp.send('Profiler.stop')).profile as unknown as { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] })
  if (process.env.ANN_BENCH_MUTATIONS === '1') console.log(`\nmutations ${variant}:\n${(await page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations.slice(0, 80))).join('\n')}`)
  const { input, frame, longTasks, longAt } = await page.evaluate(() => {
    const w = window as unknown as { __input: number[]; __frame: number[]; __long: number[]; __longAt: string[] }
    return { input: w.__input, frame: w.__frame, longTasks: w.__long, longAt: w.__longAt }
  })
  if (longAt.length) console.log(`${variant}: tasks over 50 ms: ${longAt.join('; ')}`)
  await context.close()
  return { loadMs, input, frame, longTasks, paragraph }
}

/** The paragraphs of workspace document `id` as its editor shows them (the bare page's text). */
async function paragraphsOf(browser: Browser, url: string, id: string): Promise<string[]> {
  const context = await browser.newContext()
  await context.addInitScript(() => localStorage.setItem('variorum.identity', JSON.stringify({ name: 'Bench', color: '#1d4ed8' })))
  const page = await context.newPage()
  await page.goto(`${url}/#/doc/${encodeURIComponent(id)}`)
  await page.waitForFunction(() => document.querySelectorAll('.ProseMirror p').length > 100, undefined, { timeout: 120_000 })
  const paragraphs = await page.evaluate(() => [...document.querySelectorAll('.ProseMirror p')].map((p) => p.textContent ?? ''))
  await context.close()
  return paragraphs
}

/**
 * Serves the bare ProseMirror page at `${url}/bench-bare.html` in `browser`'s
 * contexts: barePage.ts bundled, the workspace's own stylesheet, the paragraphs
 * of the plain document as the workspace shows them.
 */
async function bareTarget(url: string, paragraphs: string[]): Promise<Target> {
  const bundle = await build({ entryPoints: [join(process.cwd(), 'bench/annotations/barePage.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' })
  const index = readFileSync(join(process.cwd(), 'dist/client/index.html'), 'utf8')
  const styles = [...index.matchAll(/<link rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join('\n')
  const html = `<!doctype html><html lang="en"><head><meta charset="UTF-8">${styles}</head><body>
<section class="editor-pane"><div class="editor-mount"><div id="editor"></div></div></section>
<script>window.__paragraphs = ${JSON.stringify(paragraphs).replace(/</g, '\\u003c')}</script>
<script>${bundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script')}</script></body></html>`
  return { url: `${url}/bench-bare.html`, id: null, html }
}

export default async function bench(): Promise<void> {
  buildClientIfNeeded(process.cwd(), join(process.cwd(), 'dist', 'client'), (line) => console.log(line))
  const dataDir = mkdtempSync(join(tmpdir(), 'variorum-bench-ann-'))
  const docsDir = join(dataDir, 'documents')
  mkdirSync(docsDir)
  const sample = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')
  let body = ''
  while (Buffer.byteLength(body) < TARGET_BYTES) body += `${sample.trim()}\n\n`
  // Different first lines: the two documents must not share a content hash.
  writeFileSync(join(docsDir, 'bench-plain.txt'), `Plain copy\n\n${body}`)
  writeFileSync(join(docsDir, 'bench-annotated.txt'), `Annotated copy\n\n${body}`)
  const workspace = await startWorkspace({ port: 0, dataDir, documentsDir: docsDir, ...(LOAD_ONLY ? { unloadAfterMs: 500 } : {}) })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  try {
    const url = workspace.url.replace(/\/$/, '')
    const list = (await (await fetch(`${url}/api/documents`)).json()) as { id: string; title: string }[]
    const plain = list.find((d) => /plain/i.test(d.id + d.title))!
    const annotated = list.find((d) => /annotated/i.test(d.id + d.title))!
    const seedStart = Date.now()
    const stored = await seedAnnotations(workspace.port, annotated.id)
    console.log(`document: ${(Buffer.byteLength(body) / 1000).toFixed(0)} KB of text; ${stored} annotations seeded through the server in ${Date.now() - seedStart} ms`)

    const bare = await bareTarget(url, await paragraphsOf(browser, url, plain.id))
    const targetOf = (variant: Variant): Target => (variant === 'bare' ? bare : variant === 'plain' ? { url, id: plain.id } : { url, id: annotated.id })
    const variants = (process.env.ANN_BENCH_VARIANTS ?? 'bare,plain,annotated').split(',').map((v) => v.trim() as Variant)
    for (const variant of variants) {
      if (variant.startsWith('annotated:') && STYLE_VARIANTS[variant.slice('annotated:'.length)] === undefined) throw new Error(`unknown variant ${variant}`)
    }
    const results = new Map<Variant, Measurement[]>(variants.map((v) => [v, []]))
    for (let run = 0; run < RUNS; run++) {
      // Rotated so that noise and warm-up hit every variant alike.
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(run + k) % variants.length]
        results.get(variant)!.push(await measure(browser, targetOf(variant), variant))
      }
    }
    if (LOAD_ONLY) {
      const loads = (variant: Variant) => results.get(variant)!.map((r) => r.loadMs)
      console.log(`\n| load (ms), ${RUNS} rounds | bare ProseMirror | no annotations | ${ANNOTATIONS} annotations | annotated / no annotations |`)
      console.log('| --- | --- | --- | --- | --- |')
      const [bare, plainLoad, annotatedLoad] = (['bare', 'plain', 'annotated'] as const).map((v) => percentile(loads(v), 50))
      console.log(`| median | ${bare} | ${plainLoad} | ${annotatedLoad} | ${(annotatedLoad / plainLoad).toFixed(2)}× |`)
      const plainLoads = loads('plain')
      console.log(`| each round | ${loads('bare').join(', ')} | ${plainLoads.join(', ')} | ${loads('annotated').join(', ')} | ${loads('annotated').map((ms, i) => (ms / plainLoads[i]).toFixed(2)).join(', ')} |`)
      return
    }
    const typedIn = new Set(variants.flatMap((v) => results.get(v)!.map((r) => r.paragraph)))
    if (typedIn.size !== 1) throw new Error(`the variants typed in different paragraphs: ${[...typedIn].join(', ')}`)
    const summary = (variant: Variant) => {
      const runs = results.get(variant)!
      const input = runs.flatMap((r) => r.input)
      const frame = runs.flatMap((r) => r.frame)
      const longTasks = runs.flatMap((r) => r.longTasks)
      return {
        load: percentile(runs.map((r) => r.loadMs), 50),
        inputP50: percentile(input, 50),
        inputP95: percentile(input, 95),
        frameP50: percentile(frame, 50),
        frameP95: percentile(frame, 95),
        longTasks: longTasks.length,
        longestTask: Math.max(0, ...longTasks),
      }
    }
    const ms = (x: number) => x.toFixed(1)
    console.log(`\ntyped in paragraph ${[...typedIn][0]} in every variant; ${KEYSTROKES} keystrokes a run with a ${PAUSE_MS} ms pause every ${KEYS_BETWEEN_PAUSES}`)
    if (variants.includes('bare') && variants.includes('plain') && variants.includes('annotated')) {
      const [bareRow, plainRow, annotatedRow] = (['bare', 'plain', 'annotated'] as const).map(summary)
      console.log(`\n| measure (ms; median of ${RUNS} loads, ${RUNS * KEYSTROKES} keystrokes) | bare ProseMirror | no annotations | ${ANNOTATIONS} annotations | no annotations / bare | annotated / bare | annotated / no annotations |`)
      console.log('| --- | --- | --- | --- | --- | --- | --- |')
      const row = (name: string, key: keyof typeof bareRow) => {
        const [x, y, z] = [bareRow[key], plainRow[key], annotatedRow[key]]
        console.log(`| ${name} | ${ms(x)} | ${ms(y)} | ${ms(z)} | ${(y / x).toFixed(2)}× | ${(z / x).toFixed(2)}× | ${(z / y).toFixed(2)}× |`)
      }
      row('editor load (target: annotated ≤ 1.5× no annotations)', 'load')
      row('keystroke input p50 (target ≤ 1.5× bare)', 'inputP50')
      row('keystroke input p95 (target ≤ 1.6× bare)', 'inputP95')
      row('keystroke to next frame p50', 'frameP50')
      row('keystroke to next frame p95', 'frameP95')
      console.log(`| tasks over 50 ms while typing and pausing (target 0) | ${bareRow.longTasks} | ${plainRow.longTasks} | ${annotatedRow.longTasks} | | | |`)
      console.log(`| longest task | ${ms(bareRow.longestTask)} | ${ms(plainRow.longestTask)} | ${ms(annotatedRow.longestTask)} | | | |`)
    }
    // Every variant measured, each ÷ bare when bare ran (the style variants' comparison).
    const floor = variants.includes('bare') ? summary('bare') : null
    const ratio = (x: number, key: 'inputP50' | 'inputP95' | 'frameP50' | 'frameP95') => (floor ? ` (${(x / floor[key]).toFixed(2)}×)` : '')
    console.log(`\n| variant | input p50 | input p95 | frame p50 | frame p95 | tasks > 50 ms | longest |`)
    console.log('| --- | --- | --- | --- | --- | --- | --- |')
    for (const variant of variants) {
      const r = summary(variant)
      console.log(`| ${variant} | ${ms(r.inputP50)}${ratio(r.inputP50, 'inputP50')} | ${ms(r.inputP95)}${ratio(r.inputP95, 'inputP95')} | ${ms(r.frameP50)}${ratio(r.frameP50, 'frameP50')} | ${ms(r.frameP95)}${ratio(r.frameP95, 'frameP95')} | ${r.longTasks} | ${ms(r.longestTask)} |`)
    }
  } finally {
    await browser.close()
    await workspace.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
