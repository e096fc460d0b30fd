import * as Y from 'yjs'
import type { TextOffset } from '../../core/text/projection'
import { fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'

/**
 * Who inserted the items of one Yjs client with clocks [start, end): what the
 * server records for every stored update (the principal that sent it, the time).
 */
export interface ClockAuthorship<Author> {
  client: number
  start: number
  end: number
  author: Author
  /** When the update was stored, ms since the epoch. */
  at: number
}

/** Characters [start, end) of the projection written by one author at one time. */
export interface AuthorRun<Author> {
  start: TextOffset
  end: TextOffset
  /** Null when no authorship covers the characters (the document's seed, written before history). */
  author: Author | null
  /** ms since the epoch; null with a null author. */
  at: number | null
}

/**
 * Per-character authorship of projection range [start, end) of `doc`: each
 * character's Yjs item id (client, clock) looked up in `authorship`, adjacent
 * characters of the same author and time merged into one run. Paragraph
 * separators belong to no item and are left out, so runs may have gaps there.
 * Runs are in text order. Throws RangeError when the range is not inside the text.
 * `authorship` may be in any order; O(characters in range × log ranges).
 */
export function blameRange<Author>(
  doc: Y.Doc,
  authorship: readonly ClockAuthorship<Author>[],
  start: TextOffset,
  end: TextOffset,
): AuthorRun<Author>[] {
  const text = new FragmentText(fragmentOf(doc))
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    throw new RangeError(`range [${start}, ${end}) is not inside the text of length ${text.length}`)
  }
  const byClient = indexByClient(authorship)
  const ids = new Map<Y.XmlText, Y.ID[]>()
  const runs: AuthorRun<Author>[] = []
  for (let offset = start; offset < end; offset++) {
    const point = text.charAt(offset)
    if (!point) continue
    let itemIds = ids.get(point.text)
    if (!itemIds) {
      itemIds = visibleIds(point.text)
      ids.set(point.text, itemIds)
    }
    const id = itemIds[point.index]
    const found = id ? findRange(byClient.get(id.client), id.clock) : null
    const author = found?.author ?? null
    const at = found?.at ?? null
    const last = runs[runs.length - 1]
    if (last && last.end === offset && last.author === author && last.at === at) last.end = offset + 1
    else runs.push({ start: offset, end: offset + 1, author, at })
  }
  return runs
}

/** The id of every visible character (and embed) of a Y.XmlText, by index. */
function visibleIds(text: Y.XmlText): Y.ID[] {
  const out: Y.ID[] = []
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    for (let i = 0; i < item.length; i++) out.push(Y.createID(item.id.client, item.id.clock + i))
  }
  return out
}

function indexByClient<Author>(authorship: readonly ClockAuthorship<Author>[]): Map<number, ClockAuthorship<Author>[]> {
  const map = new Map<number, ClockAuthorship<Author>[]>()
  for (const range of authorship) {
    const list = map.get(range.client)
    if (list) list.push(range)
    else map.set(range.client, [range])
  }
  for (const list of map.values()) list.sort((a, b) => a.start - b.start)
  return map
}

/** The range holding `clock` (the last starting at or before it, if it reaches that far), or null. */
function findRange<Author>(ranges: ClockAuthorship<Author>[] | undefined, clock: number): ClockAuthorship<Author> | null {
  if (!ranges) return null
  let lo = 0
  let hi = ranges.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (ranges[mid].start <= clock) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found >= 0 && clock < ranges[found].end ? ranges[found] : null
}
