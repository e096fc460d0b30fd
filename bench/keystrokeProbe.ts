import type { Page } from 'playwright-core'

/**
 * Keystroke latency in a page, as the Chromium benches measure it: 'input' =
 * keydown until the edit has been handled (a setTimeout(0) queued in keydown
 * runs after ProseMirror, y-prosemirror and the decoration plugins); 'frame' =
 * keydown until after the next frame (rAF, then a task), which includes style
 * and layout but also up to one frame of waiting.
 */
export interface KeystrokeTimes {
  input: number[]
  frame: number[]
}

/** Starts recording every later keydown of `page`. */
export async function installKeystrokeProbe(page: Page): Promise<void> {
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
}

/** What the probe recorded so far. */
export function readKeystrokeProbe(page: Page): Promise<KeystrokeTimes> {
  return page.evaluate(() => {
    const w = window as unknown as { __input: number[]; __frame: number[] }
    return { input: w.__input, frame: w.__frame }
  })
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
