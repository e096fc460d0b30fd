/**
 * A reading as a one-line excerpt for labels and lists: white-space runs (paragraph
 * breaks too) read as one space, the ends trimmed, and at most `max` UTF-16 units
 * followed by "…". Empty when the reading is only white space: the caller says
 * what that means there ("(nothing)", "¶").
 */
export function readingExcerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
