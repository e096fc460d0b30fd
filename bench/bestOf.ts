/**
 * The best (lowest) wall time of `runs` calls of `fn`, in ms: on a shared,
 * noisy machine the minimum is the steadiest estimate of what the code costs.
 */
export function bestOf(runs: number, fn: () => unknown): number {
  let ms = Infinity
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    ms = Math.min(ms, performance.now() - t)
  }
  return ms
}
