import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { seededRandom } from '../../bench/seededRandom'
import type { Edit } from './pages/narrowDocUpdatePage'

/**
 * The narrow view update (client/editor/narrowDocUpdate.ts, issue #21) patches
 * prosemirror-view's internals. These tests fail when it no longer installs
 * (ProseMirror's view descs changed), when it stops taking effect on typing,
 * and when it draws anything else than ProseMirror's own update: two editors
 * over the same paragraphs, decorations and node views, one patched and one
 * stock, get the same seeded edits and must hold the same DOM after each.
 */

const PARAGRAPHS = Array.from({ length: 120 }, (_, i) => (i % 17 === 5 ? '' : `第${i}段：编辑在这里核对原文，记下异文与出处。`))

let browser: Browser
let page: Page
/** What narrowDocUpdates answered for the patched editor. */
let installed: boolean

interface Drawn { narrow: string; stock: string; childViews: number; paragraphs: number }
type PageWindow = {
  __setUp(paragraphs: string[]): boolean
  __apply(edit: Edit): void
  __drawn(): Drawn
  __doc(): { size: number; paragraphs: number[] }
  __counts(): { narrow: number; stock: number }
  __lookups(): string[]
  __selection(): string
  narrowView: { focus(): void }
  stockView: { focus(): void }
}

const call = <T>(f: (w: PageWindow, arg: never) => T, arg?: unknown): Promise<T> =>
  page.evaluate(([source, value]) => (new Function('w', 'arg', `return (${source})(w, arg)`) as (w: unknown, arg: unknown) => T)(window, value), [f.toString(), arg] as const) as Promise<T>

beforeAll(async () => {
  const bundle = await build({ entryPoints: [join(process.cwd(), 'tests/browser/pages/narrowDocUpdatePage.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
  await page.setContent(`<!doctype html><html lang="zh"><body><div id="narrow"></div><div id="stock"></div>
<script>${bundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script')}</script></body></html>`)
  installed = await call((w, paragraphs: string[]) => w.__setUp(paragraphs), PARAGRAPHS)
})
afterAll(async () => browser?.close())

/** Positions: a random place inside paragraph `index` (its content, edges included). */
function inside(sizes: number[], index: number, random: () => number): number {
  let start = 0
  for (let i = 0; i < index; i++) start += sizes[i]
  return start + 1 + Math.floor(random() * (sizes[index] - 1))
}

function randomEdit(random: () => number, doc: { size: number; paragraphs: number[] }): Edit {
  const sizes = doc.paragraphs
  const paragraph = Math.floor(random() * sizes.length)
  const roll = random()
  if (roll < 0.35) return { kind: 'insert', pos: inside(sizes, paragraph, random), text: random() < 0.5 ? '补' : '增补文字' }
  if (roll < 0.5) {
    const a = inside(sizes, paragraph, random)
    const b = inside(sizes, paragraph, random)
    return { kind: 'delete', from: Math.min(a, b), to: Math.max(a, b) }
  }
  if (roll < 0.55) return { kind: 'split', pos: inside(sizes, paragraph, random) }
  if (roll < 0.6 && sizes.length > 2) {
    // Across paragraphs: joins them (paragraph count changes: the stock walk).
    const next = Math.min(sizes.length - 1, paragraph + 1 + Math.floor(random() * 3))
    return { kind: 'delete', from: inside(sizes, paragraph, random), to: inside(sizes, next, random) }
  }
  if (roll < 0.68) {
    const a = inside(sizes, paragraph, random)
    return { kind: 'select', anchor: a, head: inside(sizes, Math.min(sizes.length - 1, paragraph + Math.floor(random() * 2)), random) }
  }
  if (roll < 0.76) return { kind: 'decorate', change: { kind: 'node', paragraph, className: random() < 0.5 ? 'live' : 'run' } }
  if (roll < 0.86) {
    // Inside one paragraph, or across several (then a top-level decoration).
    const a = inside(sizes, paragraph, random)
    const b = inside(sizes, Math.min(sizes.length - 1, paragraph + (random() < 0.5 ? 0 : 2)), random)
    return { kind: 'decorate', change: { kind: 'inline', from: Math.min(a, b), to: a === b ? a + 1 : Math.max(a, b), className: 'mark' } }
  }
  if (roll < 0.92) return { kind: 'decorate', change: { kind: 'widget', pos: inside(sizes, paragraph, random) } }
  if (roll < 0.93) return { kind: 'decorate', change: { kind: 'clear' } }
  return { kind: 'insert', pos: inside(sizes, paragraph, random), text: '字' }
}

describe('the narrow view update', () => {
  it('installs on prosemirror-view as it is', async () => {
    expect(installed).toBe(true)
  })

  for (const seed of [2101, 7, 4242]) {
    it(`draws what ProseMirror's own update draws, over seeded edits and decorations (seed ${seed})`, async () => {
      const random = seededRandom(seed)
      const before = await call((w) => w.__counts())
      for (let step = 0; step < 250; step++) {
        const edit = randomEdit(random, await call((w) => w.__doc()))
        await call((w, e: Edit) => w.__apply(e), edit)
        const drawn = await call((w) => w.__drawn())
        expect({ step, edit, html: drawn.narrow }).toEqual({ step, edit, html: drawn.stock })
        expect(drawn.childViews).toBe(drawn.paragraphs)
        if (step % 10 === 0) expect({ step, differences: await call((w) => w.__lookups()) }).toEqual({ step, differences: [] })
      }
      const after = await call((w) => w.__counts())
      // Edits inside one paragraph took the narrow path; splits and joins the stock one.
      expect(after.narrow - before.narrow).toBeGreaterThan(80)
      expect(after.stock - before.stock).toBeGreaterThan(5)
    })
  }

  it('keeps typing from the keyboard (read back from the DOM) drawn as ProseMirror would', async () => {
    const doc = await call((w) => w.__doc())
    let pos = 0
    for (let i = 0; i < 40; i++) pos += doc.paragraphs[i]
    pos += 3
    await call((w, at: number) => w.__apply({ kind: 'select', anchor: at, head: at }), pos)
    const before = await call((w) => w.__counts())
    const selections: string[] = []
    for (const which of ['narrowView', 'stockView'] as const) {
      await call((w, name: 'narrowView' | 'stockView') => w[name].focus(), which)
      await page.keyboard.type('按键输入')
      await page.keyboard.press('Backspace')
      await page.keyboard.type('文字')
      selections.push(await call((w) => w.__selection()))
    }
    const drawn = await call((w) => w.__drawn())
    expect(drawn.narrow).toBe(drawn.stock)
    // The caret drawn in the DOM (setSelection by index) where ProseMirror puts it.
    expect(selections[0]).toBe(selections[1])
    expect(await call((w) => w.__lookups())).toEqual([])
    expect(drawn.narrow).toContain('按键输文字')
    const after = await call((w) => w.__counts())
    expect(after.narrow - before.narrow).toBe(7)
  })
})
