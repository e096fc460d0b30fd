/** A match shown in context: `before` + `match` + `after` is a slice of the text. */
export interface Snippet {
  before: string
  match: string
  after: string
  /** True when text before `before` (after `after`) was cut off: show an ellipsis. */
  clippedBefore: boolean
  clippedAfter: boolean
}

/**
 * Default context either side of a match, in UTF-16 units: about a line of
 * Chinese (40 Han characters) or six to eight English words.
 */
export const SNIPPET_CONTEXT = 40

/**
 * The match [start, end) of `text` with up to `context` UTF-16 units either
 * side, never splitting a surrogate pair, and line breaks shown as spaces.
 * Throws RangeError when the range is not inside `text` or `context` is negative.
 *
 * Worked example: makeSnippet('the quick brown fox', 4, 9, 4) →
 * { before: 'the ', match: 'quick', after: ' bro', clippedBefore: false, clippedAfter: true }.
 */
export function makeSnippet(text: string, start: number, end: number, context = SNIPPET_CONTEXT): Snippet {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length)) {
    throw new RangeError(`match [${start}, ${end}) is not inside a text of length ${text.length}`)
  }
  if (!(Number.isInteger(context) && context >= 0)) throw new RangeError(`context must be a non-negative integer, not ${context}`)
  let from = Math.max(0, start - context)
  let to = Math.min(text.length, end + context)
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++
  const flat = (part: string) => part.replace(/\s*\n\s*/g, ' ')
  return {
    before: flat(text.slice(from, start)),
    match: flat(text.slice(start, end)),
    after: flat(text.slice(end, to)),
    clippedBefore: from > 0,
    clippedAfter: to < text.length,
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
