import { paragraphAt } from '../text'
import { escapeXml as x } from './escapeXml'
import type { TeiContext } from './teiContext'

/**
 * An element wrapped around a stretch of the body ([start, end) projection
 * offsets inside one paragraph): an <app>, a <choice>, a <seg>.
 */
export interface TeiContainer {
  start: number
  end: number
  /** Lower = outer when two containers have the same range. */
  priority: number
  open: (inner: string) => string
  children: TeiContainer[]
}

function crosses(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const disjoint = a.end <= b.start || b.end <= a.start
  const nested = (a.start >= b.start && a.end <= b.end) || (b.start >= a.start && b.end <= a.end)
  return !disjoint && !nested
}

/**
 * The <body> being built: stand-off anchor milestones (<anchor xml:id="…-s"/> and
 * "…-e") normalised out of paragraph separators, and containers placed greedily
 * in the order offered (one that would cross an accepted one is refused).
 */
export interface TeiBody {
  /** Milestones `${id}-s` at `start` and `${id}-e` at `end`, clamped into paragraphs. */
  addAnchors(id: string, start: number, end: number): void
  /** Accepts a non-empty container that crosses none accepted so far; false otherwise. */
  tryAdd(container: TeiContainer): boolean
  /** The paragraphs as <p> lines, containers nested, anchors in place. Call once, last. */
  render(): string
}

export function teiBody(ctx: TeiContext): TeiBody {
  const { projection, paragraphs, newId } = ctx
  // Anchor milestones, normalised out of paragraph separators.
  const startAnchors = new Map<number, string[]>()
  const endAnchors = new Map<number, string[]>()
  const emptyEnds = new Map<number, string[]>()
  const paragraphOf = (offset: number) => {
    const i = paragraphAt(paragraphs, offset)
    return i < paragraphs.length ? i : -1
  }
  const clampStart = (offset: number): number => {
    const i = paragraphOf(offset)
    if (i === -1) return paragraphs.length ? paragraphs[paragraphs.length - 1].end : 0
    return Math.max(offset, paragraphs[i].start)
  }
  const clampEnd = (offset: number): number => {
    const i = paragraphOf(offset)
    if (i === -1) return paragraphs.length ? paragraphs[paragraphs.length - 1].end : 0
    return offset >= paragraphs[i].start ? offset : i > 0 ? paragraphs[i - 1].end : paragraphs[0].start
  }
  const addAnchors = (id: string, start: number, end: number) => {
    let s = clampStart(start)
    const e = clampEnd(end)
    if (e < s) s = e
    const push = (map: Map<number, string[]>, at: number, anchor: string) => map.set(at, [...(map.get(at) ?? []), anchor])
    push(startAnchors, s, `<anchor xml:id="${id}-s"/>`)
    // An empty range's end must follow its start at the same offset.
    push(s === e ? emptyEnds : endAnchors, e, `<anchor xml:id="${id}-e"/>`)
  }

  // Containers, placed greedily by priority; a crossing one is skipped.
  const accepted: TeiContainer[] = []
  const tryAdd = (c: TeiContainer): boolean => {
    if (c.end <= c.start) return false
    if (accepted.some((o) => crosses(o, c))) return false
    accepted.push(c)
    return true
  }

  const render = (): string => {
    // Nest containers: sorted by start, longer first, then priority.
    accepted.sort((a, b) => a.start - b.start || b.end - a.end || a.priority - b.priority)
    const roots: TeiContainer[] = []
    const stack: TeiContainer[] = []
    for (const c of accepted) {
      while (stack.length && !(c.start >= stack[stack.length - 1].start && c.end <= stack[stack.length - 1].end)) stack.pop()
      if (stack.length) stack[stack.length - 1].children.push(c)
      else roots.push(c)
      stack.push(c)
    }

    const consumed = new Set<number>()
    const anchorsAt = (offset: number): string => {
      if (consumed.has(offset)) return ''
      consumed.add(offset)
      return [endAnchors, startAnchors, emptyEnds].map((m) => (m.get(offset) ?? []).join('')).join('')
    }
    const offsets = [...new Set([...startAnchors.keys(), ...endAnchors.keys()])].sort((a, b) => a - b)
    const textRun = (from: number, to: number, includeEnd: boolean): string => {
      let out = ''
      let pos = from
      let lo = 0
      let hi = offsets.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (offsets[mid] < from) lo = mid + 1
        else hi = mid
      }
      for (let k = lo; k < offsets.length; k++) {
        const o = offsets[k]
        if (o > to || (o === to && !includeEnd)) break
        out += x(projection.slice(pos, o)) + anchorsAt(o)
        pos = o
      }
      return out + x(projection.slice(pos, to))
    }
    const renderRange = (from: number, to: number, children: TeiContainer[], top: boolean): string => {
      let out = ''
      let pos = from
      for (const c of children) {
        out += textRun(pos, c.start, true)
        out += c.open(renderRange(c.start, c.end, c.children, false))
        pos = c.end
      }
      return out + textRun(pos, to, top)
    }
    const rootsByParagraph: TeiContainer[][] = paragraphs.map(() => [])
    for (const c of roots) rootsByParagraph[paragraphAt(paragraphs, c.start)]?.push(c)
    return paragraphs.length
      ? paragraphs
          .map((p, i) => {
            const kids = rootsByParagraph[i]
            return `      <p xml:id="${newId(`p${i + 1}`)}">${renderRange(p.start, p.end, kids, true)}</p>`
          })
          .join('\n')
      : `      <p>${anchorsAt(0)}</p>`
  }

  return { addAnchors, tryAdd, render }
}
