/** A drawn annotation range, with its stacking layer (annotationLayers). */
export interface SegmentSource<T> {
  from: number
  to: number
  layer: number
  item: T
}

/** A stretch of text under one constant set of annotations. */
export interface Segment<T> {
  from: number
  to: number
  /** What covers the stretch, by layer (outermost first). */
  covering: SegmentSource<T>[]
}

/**
 * The covered part of the text cut into disjoint stretches at every start and
 * end of a range, each with the ranges covering all of it. Drawing one flat
 * element per stretch instead of one element per annotation keeps the text one
 * wrapper deep however many annotations overlap there: nested wrappers (2–6
 * deep with 5,000 annotations) cost layout and paint on every keystroke
 * (issue #20). Empty ranges cover nothing; uncovered gaps give no segment.
 * Worked example: [0,10) layer 0 and [2,5) layer 1 → [0,2) {0}, [2,5) {0,1}, [5,10) {0}.
 */
export function annotationSegments<T>(ranges: readonly SegmentSource<T>[]): Segment<T>[] {
  const drawn = ranges.filter((r) => r.from < r.to)
  const points = [...new Set(drawn.flatMap((r) => [r.from, r.to]))].sort((a, b) => a - b)
  const starting = new Map<number, SegmentSource<T>[]>()
  for (const range of drawn) {
    const list = starting.get(range.from)
    if (list) list.push(range)
    else starting.set(range.from, [range])
  }
  const segments: Segment<T>[] = []
  let active: SegmentSource<T>[] = []
  for (let i = 0; i < points.length - 1; i++) {
    const at = points[i]
    const next = points[i + 1]
    const started = starting.get(at)
    const stillActive = active.filter((r) => r.to > at)
    const changed = started !== undefined || stillActive.length !== active.length
    if (started) stillActive.push(...started)
    if (changed) stillActive.sort((a, b) => a.layer - b.layer)
    active = stillActive
    if (active.length) segments.push({ from: at, to: next, covering: active })
  }
  return segments
}
