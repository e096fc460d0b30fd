import * as Y from 'yjs'
import type { TextPositionSelector, TextQuoteSelector } from '../../core/annotations/annotation'
import { createAnchor } from '../../core/annotations/createAnchor'
import type { TextOffset } from '../../core/text/projection'
import type { FragmentText } from '../text/FragmentText'
import { storedJsonObject, storedValueObject } from './storedJson'

/**
 * Assoc of an anchor's relative positions: `start` sits on the first annotated
 * character with assoc 0 (it sticks to that character's right side), `end` just after
 * the last annotated character with assoc −1 (it sticks to that character). So text
 * typed strictly inside the range extends it, and text typed at either edge stays
 * outside: typing "x" just before or just after an annotation on "abc" leaves it on
 * "abc" (the behaviour of comments in Google Docs and Hypothesis). The two ends may
 * sit in different paragraphs.
 */
export const ANCHOR_ASSOC = { start: 0, end: -1 } as const

/** The anchor as stored in the Y.Map: live relative positions plus the durable selectors. */
export interface StoredAnchor {
  /** Y.relativePositionToJSON of the first character's position; null when unknown (e.g. after an import). */
  start: unknown
  /** Y.relativePositionToJSON of the position after the last character; null when unknown. */
  end: unknown
  quote: TextQuoteSelector
  position: TextPositionSelector
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * The anchor as Variorum writes it into an annotation's Y.Map (docs/DATA-MODEL.md,
 * "The anchor"): the same JSON shape less what every reader recovers without it.
 * A relative position that names its `item` drops `type`/`tname` (Yjs resolves
 * it from the item alone) and an `assoc` of 0 (the default of
 * `Y.createRelativePositionFromJSON`); the selectors drop their constant `type`
 * names. Readers take both forms (parseStoredAnchor), so documents written
 * before stay as they are.
 *
 * Why (issue #20): an annotation's anchor was about half of its stored bytes
 * and, with its many short keys, most of the strings a client decodes when it
 * opens the document. With 5,000 annotations the anchors went from 2.56 MB to
 * 2.00 MB and from 30 strings each to 19 (the bench document of `npm run bench --
 * annotations`; with `orphaned` and `links` left out while unneeded, the whole
 * state from 5.33 to 4.58 MB).
 */
export interface StoredAnchorValue {
  start: unknown
  end: unknown
  quote: { exact: string; prefix: string; suffix: string }
  position: { start: number; end: number }
}

/** `anchor` in the form written to the document (see StoredAnchorValue). */
export function storedAnchorValue(anchor: StoredAnchor): StoredAnchorValue {
  return {
    start: compactRelativePosition(anchor.start),
    end: compactRelativePosition(anchor.end),
    quote: { exact: anchor.quote.exact, prefix: anchor.quote.prefix, suffix: anchor.quote.suffix },
    position: { start: anchor.position.start, end: anchor.position.end },
  }
}

/**
 * Writes `anchor` as annotation `entry`'s anchor, replacing it whole (inside the
 * caller's transaction), as the text of its JSON object: Yjs reads it as one
 * string where it reads an object key by key (issue #20; storedJson.ts). Readers
 * take both forms, so an anchor written before is rewritten in this form only
 * when it is next rewritten (a selector refresh).
 */
export function writeStoredAnchor(entry: Y.Map<unknown>, anchor: StoredAnchor): void {
  entry.set('anchor', JSON.stringify(storedAnchorValue(anchor)))
}

/**
 * A relative position's JSON without what Yjs does not need to resolve it:
 * `{item, assoc?}` when it names an item; otherwise (a position at a type's
 * end, null) as it is.
 */
export function compactRelativePosition(json: unknown): unknown {
  if (!json || typeof json !== 'object') return json ?? null
  const { item, assoc } = json as { item?: unknown; assoc?: unknown }
  if (item === null || item === undefined) return json
  return typeof assoc === 'number' && assoc !== 0 ? { item, assoc } : { item }
}

/** The stored anchor, with empty selectors when a foreign client left them out. */
export function readStoredAnchor(entry: Y.Map<unknown>): StoredAnchor {
  return parseStoredAnchor(storedAnchorJson(entry))
}

/**
 * Annotation `entry`'s `anchor` as its JSON object, in either stored form (the
 * object, or its text, parsed once per entry until rewritten); null when it has
 * none or it is malformed. For readers of one part (the stored order reads only
 * the position selector); parseStoredAnchor reads the whole.
 */
export function storedAnchorJson(entry: Y.Map<unknown>): Record<string, unknown> | null {
  return storedJsonObject(entry, 'anchor')
}

/**
 * A stored anchor read from plain JSON (an annotation's `anchor`, a collation
 * witness's `anchor`) or from its text (writeStoredAnchor), with empty selectors
 * and null positions for what is missing or malformed.
 */
export function parseStoredAnchor(value: unknown): StoredAnchor {
  const raw = (storedValueObject(value) ?? {}) as Partial<StoredAnchor>
  const quote = raw.quote && typeof raw.quote.exact === 'string'
    ? { type: 'TextQuoteSelector' as const, exact: raw.quote.exact, prefix: str(raw.quote.prefix), suffix: str(raw.quote.suffix) }
    : { type: 'TextQuoteSelector' as const, exact: '', prefix: '', suffix: '' }
  const position = raw.position && Number.isInteger(raw.position.start) && Number.isInteger(raw.position.end)
    ? { type: 'TextPositionSelector' as const, start: raw.position.start, end: raw.position.end }
    : { type: 'TextPositionSelector' as const, start: 0, end: 0 }
  return { start: raw.start ?? null, end: raw.end ?? null, quote, position }
}

/**
 * The relative positions for [start, end) of the projection. The range is first
 * narrowed to the characters it covers: a start on a paragraph's end or in a
 * separator moves to the next character, an end at a paragraph's start moves
 * back to the previous character, because a relative position must stick to a
 * character (see ANCHOR_ASSOC). Returns null when the range covers no character.
 */
export function relativeRange(
  text: FragmentText,
  start: TextOffset,
  end: TextOffset,
): { start: Y.RelativePosition; end: Y.RelativePosition; from: TextOffset; to: TextOffset } | null {
  const from = text.nextCharStart(start)
  const to = text.previousCharEnd(end)
  if (from === null || to === null || from >= to) return null
  const first = text.charAt(from)!
  const afterLast = text.charBefore(to)!
  return {
    start: Y.createRelativePositionFromTypeIndex(first.text, first.index, ANCHOR_ASSOC.start),
    end: Y.createRelativePositionFromTypeIndex(afterLast.text, afterLast.index, ANCHOR_ASSOC.end),
    from,
    to,
  }
}

/**
 * The anchor to store for [start, end) of the projection: relative positions on
 * the characters the range covers (narrowed as relativeRange narrows it) and
 * fresh quote and position selectors of that narrowed range. Null when the range
 * covers no character.
 */
export function storedAnchorFor(text: FragmentText, start: TextOffset, end: TextOffset): StoredAnchor | null {
  const range = relativeRange(text, start, end)
  if (!range) return null
  const selectors = createAnchor(text.projection, range.from, range.to)
  return {
    start: Y.relativePositionToJSON(range.start),
    end: Y.relativePositionToJSON(range.end),
    quote: selectors.quote,
    position: selectors.position,
  }
}
