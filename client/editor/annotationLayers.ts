/** A range that takes part in stacking. */
export interface LayeredRange {
  id: string
  start: number
  end: number
}

/**
 * The layer (0 = outermost) of each range so that no two overlapping ranges
 * share a layer: the greedy interval colouring, which uses as many layers as
 * the deepest overlap. Ranges are taken by start, longer first, so an enclosing
 * range sits below (outside) what it encloses.
 * Worked example: [0,10), [2,5), [4,8) → layers 0, 1, 2; [0,3), [3,6) → 0, 0.
 */
export function annotationLayers(ranges: readonly LayeredRange[]): Map<string, number> {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1))
  const layerEnds: number[] = []
  const layers = new Map<string, number>()
  for (const range of sorted) {
    let layer = layerEnds.findIndex((end) => end <= range.start)
    if (layer === -1) layer = layerEnds.length
    layerEnds[layer] = range.end
    layers.set(range.id, layer)
  }
  return layers
}

/**
 * The annotation to select on a click where `ids` (innermost first) overlap:
 * the innermost, or the one after the current selection, so that repeated
 * clicks on a dense spot cycle through every annotation there.
 */
export function nextAtPoint(ids: readonly string[], selected: string | null): string | null {
  if (ids.length === 0) return null
  const at = selected === null ? -1 : ids.indexOf(selected)
  return ids[(at + 1) % ids.length]
}
