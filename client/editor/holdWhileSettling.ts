/**
 * Keeps something on screen in place while the page settles: fonts load,
 * flags are drawn from the worker's findings, estimated heights become real,
 * another user's change is laid out. `step` is called once a frame and puts
 * it back (false once it can no longer: the hold ends). The hold ends too
 * when its time is up or at the reader's first scroll, key, click or touch:
 * from then on the page is theirs to move.
 *
 * Shared by the two places that hold the reader's place: the reading place
 * restored on opening (EditorPane) and the top paragraph kept under remote
 * changes (steadyViewport.ts).
 */
export interface SettlingHold {
  /** Holds on until `ms` from now (further changes arrived meanwhile). */
  extend(ms: number): void
  release(): void
  readonly released: boolean
}

const READER_INPUTS = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const

export function holdWhileSettling(scroller: HTMLElement, step: () => boolean, ms: number): SettlingHold {
  let until = performance.now() + ms
  let frame = 0
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    cancelAnimationFrame(frame)
    for (const type of READER_INPUTS) scroller.removeEventListener(type, release, { capture: true })
  }
  for (const type of READER_INPUTS) scroller.addEventListener(type, release, { passive: true, capture: true })
  const onFrame = (): void => {
    if (released) return
    if (performance.now() > until || !step()) release()
    else frame = requestAnimationFrame(onFrame)
  }
  frame = requestAnimationFrame(onFrame)
  return {
    extend(more: number) { until = Math.max(until, performance.now() + more) },
    release,
    get released() { return released },
  }
}
