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
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { chromium, type Browser } from 'playwright-core'
import { startWorkspace } from '../../server/workspace'
import { createAnnotation, fragmentOf } from '../../client/annotations/annotationDoc'
import { FragmentText } from '../../client/annotations/fragmentText'
import { BUILT_IN_TYPES } from '../../core/annotations/annotation'
import buildClient from '../../tests/setup/buildClient'

const TARGET_BYTES = 200_000
const ANNOTATIONS = 5000
const KEYSTROKES = 120
const RUNS = 3

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
  await page.evaluate(() => {
    const w = window as unknown as { __input: number[]; __frame: number[] }
    w.__input = []
    w.__frame = []
    document.addEventListener('keydown', (event) => {
      const at = event.timeStamp
      setTimeout(() => w.__input.push(performance.now() - at), 0)
      requestAnimationFrame(() => setTimeout(() => w.__frame.push(performance.now() - at), 0))
    }, { capture: true })
  })
  for (let i = 0; i < KEYSTROKES; i++) {
    await page.keyboard.press(i % 10 === 9 ? 'Backspace' : 'KeyA')
    await page.waitForTimeout(15)
  }
  await page.waitForTimeout(200)
  const { input, frame } = await page.evaluate(() => {
    const w = window as unknown as { __input: number[]; __frame: number[] }
    return { input: w.__input, frame: w.__frame }
  })
  await context.close()
  return { loadMs, input, frame }
}

export default async function bench(): Promise<void> {
  buildClient()
  const dataDir = mkdtempSync(join(tmpdir(), 'variorum-bench-ann-'))
  const docsDir = join(dataDir, 'documents')
  mkdirSync(docsDir)
  const sample = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')
  let body = ''
  while (Buffer.byteLength(body) < TARGET_BYTES) body += `${sample.trim()}\n\n`
  // Different first lines: the two documents must not share a content hash.
  writeFileSync(join(docsDir, 'bench-plain.txt'), `Plain copy\n\n${body}`)
  writeFileSync(join(docsDir, 'bench-annotated.txt'), `Annotated copy\n\n${body}`)
  const workspace = await startWorkspace({ port: 0, dataDir, documentsDir: docsDir })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  try {
    const url = workspace.url.replace(/\/$/, '')
    const list = (await (await fetch(`${url}/api/documents`)).json()) as { id: string; title: string }[]
    const plain = list.find((d) => /plain/i.test(d.id + d.title))!
    const annotated = list.find((d) => /annotated/i.test(d.id + d.title))!
    const seedStart = Date.now()
    const stored = await seedAnnotations(workspace.port, annotated.id)
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
    await browser.close()
    await workspace.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
