import type { SearchEntry, SearchEntryKind, Snippet } from '../search'

/** The annotation fields a hit carries over from its entry (all null for text). */
export type SearchEntryAnnotationFields = Pick<SearchEntry, 'annotationId' | 'commentId' | 'type' | 'author' | 'status' | 'created'>

/**
 * One search result: an entry (paragraph, quote or comment) that contains the
 * query, with its first occurrence in context. Offsets are UTF-16 code units
 * into the document's projection.
 */
export interface SearchHit extends SearchEntryAnnotationFields {
  documentId: string
  documentTitle: string
  kind: SearchEntryKind
  /**
   * The passage to open and select: the first occurrence of the query for
   * `text` and `quote` hits, the commented range for a `comment`. Null for an
   * orphaned annotation's quote or comment (its text is gone).
   */
  start: number | null
  end: number | null
  /** The first occurrence in the entry's text, with context. */
  snippet: Snippet
  /** How many times the query occurs in this entry's text. */
  occurrences: number
}

/** What a search answers (the body of `GET /api/search`). */
export interface SearchResponse {
  query: string
  /** Hits ordered by document, then text before quotes before comments, then offset. */
  hits: SearchHit[]
  /** True when more entries matched than `limit`. */
  truncated: boolean
}
