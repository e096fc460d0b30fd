/** English words too common to tell two passages apart. */
const STOP_WORDS = new Set(
  ('the a an of to and or but with for in on at by from into that which who as is are was were be been has have had will would ' +
    'can could should it its this these those their his her they he she we our you your not no than then there here')
    .split(' '),
)

/**
 * The content units of a passage, for telling whether two passages speak of the
 * same thing: every pair of adjacent Han characters within a run of Han text
 * ("智慧城市" → 智慧, 慧城, 城市), plus every Latin word of three letters or more
 * that is not a stop word, lower-cased ("Rain Hits the North" → rain, hits, north).
 */
export function contentGrams(text: string): Set<string> {
  const grams = new Set<string>()
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(run)
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1])
  }
  for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
    if (!STOP_WORDS.has(word)) grams.add(word)
  }
  return grams
}

/**
 * Share of `of`'s grams that also occur in `within`, 0..1; 0 when `of` has none.
 * Worked example: coverage of "智慧城市" (智慧, 慧城, 城市) within "建设智慧城市" is 1.
 */
export function gramCoverage(of: ReadonlySet<string>, within: ReadonlySet<string>): number {
  if (of.size === 0) return 0
  let shared = 0
  for (const gram of of) if (within.has(gram)) shared++
  return shared / of.size
}
