import type { Variant } from './buildRows'
import { decisionIdFor, type StoredDecision } from '../../doc'

/**
 * The decision shown on each variant, by variant key. A decision's id comes from
 * the offsets it was recorded at (decisionIdFor), so it is found by id while the
 * text before it is unchanged. After an edit earlier in the document the
 * offsets shift: a decision no variant claims by id is then matched by its
 * quotes (the two readings it was recorded on, both equal to the variant's now),
 * the nearest one by position when several qualify. A decision whose readings
 * were themselves edited matches nothing and is left out.
 */
export function matchDecisions(variants: Variant[], decisions: Map<string, StoredDecision>, projection: string): Map<string, StoredDecision> {
  const out = new Map<string, StoredDecision>()
  const claimed = new Set<string>()
  const waiting: Variant[] = []
  for (const v of variants) {
    const d = decisions.get(decisionIdFor(v.a, v.b))
    if (d) {
      out.set(v.key, d)
      claimed.add(d.id)
    } else {
      waiting.push(v)
    }
  }
  if (waiting.length === 0) return out
  const free = [...decisions.values()].filter((d) => !claimed.has(d.id))
  for (const v of waiting) {
    const a = projection.slice(v.a.start, v.a.end)
    const b = projection.slice(v.b.start, v.b.end)
    let best: StoredDecision | null = null
    let distance = Infinity
    for (const d of free) {
      if (claimed.has(d.id) || d.quotes.a !== a || d.quotes.b !== b) continue
      const far = Math.abs(d.a.start - v.a.start) + Math.abs(d.b.start - v.b.start)
      if (far < distance) {
        best = d
        distance = far
      }
    }
    if (best) {
      out.set(v.key, best)
      claimed.add(best.id)
    }
  }
  return out
}
