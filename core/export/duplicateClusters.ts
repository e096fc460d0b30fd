import type { PlacedAnnotation } from './resolveAnchors'

/** The occurrences of one duplicated passage, in text order. */
export interface DuplicateCluster {
  /** The `cluster` id shared by its members, or the first member's id. */
  id: string
  members: PlacedAnnotation[]
  /** The occurrence the edition keeps: the one flagged `keep`, else the first. */
  kept: PlacedAnnotation
}

/**
 * Groups placed `duplicate` annotations into clusters: by their `cluster` id,
 * joined with any they link to by a 'duplicate-cluster' link (either direction).
 * A duplicate with neither is a cluster of one.
 */
export function duplicateClusters(placed: readonly PlacedAnnotation[]): DuplicateCluster[] {
  const dups = placed.filter((p) => p.annotation.type === 'duplicate')
  const parent = new Map<string, string>()
  const find = (x: string): string => {
    let root = x
    while (parent.get(root) !== root) root = parent.get(root)!
    parent.set(x, root)
    return root
  }
  const union = (a: string, b: string) => {
    if (!parent.has(a) || !parent.has(b)) return
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent.set(rb, ra)
  }
  for (const d of dups) parent.set(d.annotation.id, d.annotation.id)
  const byCluster = new Map<string, string>()
  for (const d of dups) {
    const c = d.annotation.cluster
    if (c === undefined) continue
    const first = byCluster.get(c)
    if (first === undefined) byCluster.set(c, d.annotation.id)
    else union(first, d.annotation.id)
  }
  for (const d of dups) {
    for (const link of d.annotation.links) if (link.rel === 'duplicate-cluster') union(d.annotation.id, link.target)
  }
  const groups = new Map<string, PlacedAnnotation[]>()
  for (const d of dups) {
    const root = find(d.annotation.id)
    const list = groups.get(root) ?? []
    list.push(d)
    groups.set(root, list)
  }
  return [...groups.values()].map((members) => {
    members.sort((a, b) => a.start - b.start || a.end - b.end)
    return {
      id: members.find((m) => m.annotation.cluster !== undefined)?.annotation.cluster ?? members[0].annotation.id,
      members,
      kept: members.find((m) => m.annotation.keep) ?? members[0],
    }
  })
}
