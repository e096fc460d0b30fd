import type { OpeningParagraphs } from '../../doc'

/**
 * The opening paragraphs kept beside a document's snapshot (`snapshots.opening`, both
 * engines): the opening at offset 0 within MAX_OPENING of exactly the state in the
 * snapshot row, written in the same statement as that state (compaction, a new
 * document), so a browser opening a book after a restart gets its first screen without
 * the server decoding the whole state (docs/ARCHITECTURE.md, Long documents). It
 * describes the document only while no update-log row follows the snapshot: the stores
 * read it under that condition (DocumentStore.readOpening). NULL: none was computed
 * (data stored before migration 8 / PostgreSQL step 5, or a snapshot written without one).
 */
export function encodeStoredOpening(opening: OpeningParagraphs | null | undefined): string | null {
  return opening ? JSON.stringify(opening) : null
}

/** The stored opening, or null when there is none or it is not one (a damaged row is not a reason to fail an opening). */
export function decodeStoredOpening(text: string | null | undefined): OpeningParagraphs | null {
  if (!text) return null
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { total, first, start, paragraphs } = value as Partial<OpeningParagraphs>
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0
  if (!count(total) || !count(first) || !count(start) || !Array.isArray(paragraphs) || !paragraphs.every((p) => typeof p === 'string')) return null
  return { total, first, start, paragraphs }
}
