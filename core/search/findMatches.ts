/**
 * Where a search query occurs in a text, the way the index matches it: as a
 * literal substring, ignoring letter case. Offsets are UTF-16 code units.
 */

/** One occurrence: [start, end) in the searched text. */
export interface MatchRange {
  start: number
  end: number
}

/**
 * Folds the case of each UTF-16 unit on its own, so the folded text has the
 * same length and offsets as the original. A character whose lower case is
 * longer (e.g. "İ" → "i̇") or is a surrogate half is kept as it is.
 */
export function foldCase(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const unit = text[i]
    const lower = unit.toLowerCase()
    out += lower.length === 1 ? lower : unit
  }
  return out
}

/**
 * Every non-overlapping occurrence of `query` in `text`, left to right, ignoring
 * case (`foldCase`). An empty `query` matches nowhere: returns [].
 *
 * Worked example: findMatches('Tea, tea, TEA', 'tea') → [0,3), [5,8), [10,13).
 */
export function findMatches(text: string, query: string): MatchRange[] {
  if (query === '') return []
  const haystack = foldCase(text)
  const needle = foldCase(query)
  const out: MatchRange[] = []
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    out.push({ start: at, end: at + needle.length })
  }
  return out
}
