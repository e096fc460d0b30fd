/**
 * What the workspace search indexes: one row per paragraph of a document's text
 * projection, per annotation quote and per comment of an annotation's thread.
 * Offsets are UTF-16 code units into the document's projection (`TextOffset`).
 */
import type { TextOffset } from '../text'

/** Where a search entry's text comes from. */
export type SearchEntryKind = 'text' | 'quote' | 'comment'

export const SEARCH_ENTRY_KINDS: readonly SearchEntryKind[] = ['text', 'quote', 'comment']

/** True for the name of an entry kind. */
export function isSearchEntryKind(value: string): value is SearchEntryKind {
  return (SEARCH_ENTRY_KINDS as readonly string[]).includes(value)
}

export interface SearchEntry {
  kind: SearchEntryKind
  /** The searchable text: a paragraph, an annotation's quote or a comment. */
  body: string
  /**
   * Projection offset of `body`'s first character for `text` and `quote`; for a
   * `comment`, the start of the annotated range it comments on. Null for the
   * quote and comments of an orphaned annotation: its text is gone.
   */
  start: TextOffset | null
  /** End (exclusive) of the range `start` begins; null when `start` is. */
  end: TextOffset | null
  /** The annotation a quote or comment belongs to; null for `text`. */
  annotationId: string | null
  /** The comment's id; null unless `kind` is 'comment'. */
  commentId: string | null
  /** The annotation's type name (note, typo, …); null for `text`. */
  type: string | null
  /** Who wrote the annotation (quote) or the comment; null for `text`. */
  author: string | null
  /** The annotation's status; null for `text`. */
  status: 'open' | 'resolved' | null
  /** ISO 8601 time the annotation (quote) or comment was written; null for `text`. */
  created: string | null
}
