import type { TextOffset } from '../text'
import type { AnnotationAnchor } from './annotation'

/**
 * Characters of context kept either side of a quote. 32 is what Hypothesis and
 * the W3C examples use; enough to tell apart repeats of a short quote such as
 * "同事们、朋友们！" that recur with different neighbours, small enough to stay
 * valid after nearby edits.
 */
export const QUOTE_CONTEXT_LENGTH = 32

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

/**
 * Builds the quote and position selectors for [start, end) of `projection`.
 * Prefix and suffix hold up to QUOTE_CONTEXT_LENGTH code units and never split a
 * surrogate pair (one fewer unit is taken instead).
 * Throws RangeError when start/end are not integers with 0 ≤ start ≤ end ≤ length.
 */
export function createAnchor(projection: string, start: TextOffset, end: TextOffset): AnnotationAnchor {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > projection.length) {
    throw new RangeError(`range [${start}, ${end}) outside projection of length ${projection.length}`)
  }
  let prefixStart = Math.max(0, start - QUOTE_CONTEXT_LENGTH)
  if (prefixStart > 0 && isLowSurrogate(projection.charCodeAt(prefixStart))) prefixStart++
  let suffixEnd = Math.min(projection.length, end + QUOTE_CONTEXT_LENGTH)
  if (suffixEnd < projection.length && isHighSurrogate(projection.charCodeAt(suffixEnd - 1))) suffixEnd--
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: projection.slice(start, end),
      prefix: projection.slice(prefixStart, start),
      suffix: projection.slice(end, suffixEnd),
    },
    position: { type: 'TextPositionSelector', start, end },
  }
}
