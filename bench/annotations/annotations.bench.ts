/**
 * `npm run bench -- annotations`: the sample repeated to ~200 KB, opened in
 * Debian Chromium with and without 5,000 annotations, side by side in the same
 * run (the machine is shared and noisy: only the ratios mean much).
 *
 * - load: from navigation until the text is shown (and, with annotations, the
 *   decorations and the sidebar's first cards).
 * - keystroke: 'input' = keydown until the edit has been handled (a
 *   setTimeout(0) queued in keydown runs after ProseMirror, y-prosemirror and
 *   the decoration mapping); 'frame' = keydown until after the next frame
 *   (rAF, then a task), which includes style and layout but also up to one
 *   frame of waiting. Target: p95 ≤ 16 ms.
 */
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import type { Browser } from 'playwright-core'
import { createAnnotation, fragmentOf } from '../../doc'
import { FragmentText } from '../../doc'
import { BUILT_IN_TYPES } from '../../core/annotations/annotation'
import { installKeystrokeProbe, percentile, readKeystrokeProbe } from '../keystrokeProbe'
import { repeatedSample, startChromiumWorkspace } from '../chromiumWorkspace'

const TARGET_BYTES = 200_000
const ANNOTATIONS = 5000
// Quicker runs while working on it: ANN_BENCH_RUNS=1 ANN_BENCH_KEYSTROKES=60.
const KEYSTROKES = Number(process.env.ANN_BENCH_KEYSTROKES ?? 120)
const RUNS = Number(process.env.ANN_BENCH_RUNS ?? 3)
// ANN_BENCH_PROFILE=1: a CDP CPU profile of the keystroke phase, hottest functions by self time.
const PROFILE = process.env.ANN_BENCH_PROFILE === '1'
// ANN_BENCH_TRACE=1: a Chromium trace of the keystroke phase, time by renderer main-thread event (layout, style, script…).
const TRACE = process.env.ANN_BENCH_TRACE === '1'

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; cat: string; args?: unknown }

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
  console.log(`\ntrace ${label}: main-thread self time by event`)
  for (const [name, { ms, count }] of [...self].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${String(count).padStart(6)}×  ${name}`)
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
  console.log(`\nprofile ${label}: top inclusive time:`)
  for (const [key, ms] of [...inclusive].filter(([k]) => !/^\((root|program|idle)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`)
  console.log(`\nprofile ${label}: ${total.toFixed(0)} ms sampled; top self time:`)
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`)
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

interface Measurement { loadMs: number; input: number[]; frame: number[] }

async function measure(browser: Browser, url: string, id: string, annotated: boolean): Promise<Measurement> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  await context.addInitScript(() => localStorage.setItem('variorum.identity', JSON.stringify({ name: 'Bench', color: '#1d4ed8' })))
  const page = await context.newPage()
  const started = Date.now()
  await page.goto(`${url}/#/doc/${encodeURIComponent(id)}`)
  await page.waitForFunction((withAnnotations) => document.querySelectorAll('.ProseMirror p').length > 100
    && (!withAnnotations || (document.querySelector('.ProseMirror .ann') !== null && document.querySelector('[data-testid="annotation-card"]') !== null)), annotated, { timeout: 120_000 })
  const loadMs = Date.now() - started
  // Type in the middle of the document, inside annotated text when there is some.
  await page.evaluate(() => {
    const paragraphs = document.querySelectorAll('.ProseMirror p')
    paragraphs[Math.floor(paragraphs.length / 2)].scrollIntoView()
  })
  const target = page.locator('.ProseMirror p').nth(await page.evaluate(() => Math.floor(document.querySelectorAll('.ProseMirror p').length / 2)))
  await target.click({ position: { x: 200, y: 10 } })
  await installKeystrokeProbe(page)
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
    await tracer.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink,__metadata', transferMode: 'ReportEvents' })
  }
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.press(i % 10 === 9 ? 'Backspace' : 'KeyA')
    await page.waitForTimeout(15)
  }
  await page.waitForTimeout(200)
  if (tracer) {
    const done = new Promise<void>((resolve) => tracer.once('Tracing.tracingComplete', () => resolve()))
    await tracer.send('Tracing.end')
    await done
    printTrace(annotated ? 'annotated' : 'plain', traceEvents)
  }
  if (cdp) printProfile(annotated ? 'annotated' : 'plain', (await cdp.send('Profiler.stop')).profile as unknown as { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] })
  const { input, frame } = await readKeystrokeProbe(page)
  await context.close()
  return { loadMs, input, frame }
}

export default async function bench(): Promise<void> {
  const body = repeatedSample(TARGET_BYTES)
  // Different first lines: the two documents must not share a content hash.
  const bench = await startChromiumWorkspace('ann', { 'bench-plain.txt': `Plain copy\n\n${body}`, 'bench-annotated.txt': `Annotated copy\n\n${body}` })
  const { url, browser } = bench
  try {
    const list = (await (await fetch(`${url}/api/documents`)).json()) as { id: string; title: string }[]
    const plain = list.find((d) => /plain/i.test(d.id + d.title))!
    const annotated = list.find((d) => /annotated/i.test(d.id + d.title))!
    const seedStart = Date.now()
    const stored = await seedAnnotations(bench.port, annotated.id)
    console.log(`document: ${(Buffer.byteLength(body) / 1000).toFixed(0)} KB of text; ${stored} annotations seeded through the server in ${Date.now() - seedStart} ms`)

    const results: Record<'plain' | 'annotated', Measurement[]> = { plain: [], annotated: [] }
    for (let run = 0; run < RUNS; run++) {
      // Alternate so that noise hits both alike.
      results.plain.push(await measure(browser, url, plain.id, false))
      results.annotated.push(await measure(browser, url, annotated.id, true))
    }
    const summary = (kind: 'plain' | 'annotated') => {
      const runs = results[kind]
      const input = runs.flatMap((r) => r.input)
      const frame = runs.flatMap((r) => r.frame)
      return {
        load: percentile(runs.map((r) => r.loadMs), 50),
        inputP50: percentile(input, 50),
        inputP95: percentile(input, 95),
        frameP50: percentile(frame, 50),
        frameP95: percentile(frame, 95),
      }
    }
    const a = summary('plain')
    const b = summary('annotated')
    const row = (name: string, x: number, y: number) => `| ${name} | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(y / x).toFixed(2)}× |`
    console.log(`\n| measure (ms, median of ${RUNS} loads, ${RUNS * KEYSTROKES} keystrokes) | no annotations | ${ANNOTATIONS} annotations | ratio |`)
    console.log('| --- | --- | --- | --- |')
    console.log(row('editor load', a.load, b.load))
    console.log(row('keystroke input p50', a.inputP50, b.inputP50))
    console.log(row('keystroke input p95 (target ≤ 16)', a.inputP95, b.inputP95))
    console.log(row('keystroke to next frame p50', a.frameP50, b.frameP50))
    console.log(row('keystroke to next frame p95', a.frameP95, b.frameP95))
  } finally {
    await bench.close()
  }
}
