import { isSearchEntryKind, type SearchEntryKind } from './searchEntry'

/**
 * One workspace search: the text to find and the filters, as the HTTP API
 * (`GET /api/search`) and the CLI (`variorum search`) take them.
 */
export interface SearchQuery {
  /** Matched as a literal substring, ignoring case; 1 to MAX_QUERY_LENGTH characters after trimming. */
  text: string
  /** Only this document (id); null = every document the reader may read. */
  document: string | null
  /** Only entries of this kind; null = text, quotes and comments. */
  kind: SearchEntryKind | null
  /** Only quotes and comments of annotations of this type (note, typo, …); null = any, text too. */
  type: string | null
  /** Only annotations (quotes) or comments by this author (exact name); null = anyone, text too. */
  author: string | null
  /** Only annotations with this status; null = either, text too. */
  status: 'open' | 'resolved' | null
  /**
   * Only annotations and comments written in [from, to]: ISO 8601 dates or times,
   * compared as strings, `to` inclusive of everything it prefixes ('2025-06-17'
   * includes that whole day). Null = unbounded.
   */
  from: string | null
  to: string | null
  /** At most this many hits (1 to MAX_SEARCH_LIMIT). */
  limit: number
}

/** Longest query, in UTF-16 units: a sentence; longer is no longer a search. */
export const MAX_QUERY_LENGTH = 200
export const DEFAULT_SEARCH_LIMIT = 50
export const MAX_SEARCH_LIMIT = 500

/** The parameters of a search as written in a URL or on a command line; absent = undefined. */
export interface SearchParameters {
  q?: string
  document?: string
  kind?: string
  type?: string
  author?: string
  status?: string
  from?: string
  to?: string
  limit?: string
}

/** A parsed query, or why the parameters are not one (a message for the user). */
export type ParsedSearchQuery = { ok: true; query: SearchQuery } | { ok: false; message: string }

const ISO_DATE = /^\d{4}(-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$/

/**
 * Reads a search from its string parameters. Empty strings count as absent,
 * except `q`, which is required. Never throws: bad values come back as
 * `{ ok: false, message }` naming the parameter.
 */
export function parseSearchQuery(params: SearchParameters): ParsedSearchQuery {
  const text = (params.q ?? '').trim()
  if (text === '') return { ok: false, message: 'q: give the text to search for' }
  if (text.length > MAX_QUERY_LENGTH) return { ok: false, message: `q: at most ${MAX_QUERY_LENGTH} characters, not ${text.length}` }
  const present = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim())
  const kind = present(params.kind)
  if (kind !== null && !isSearchEntryKind(kind)) return { ok: false, message: `kind: text, quote or comment, not '${kind}'` }
  const status = present(params.status)
  if (status !== null && status !== 'open' && status !== 'resolved') return { ok: false, message: `status: open or resolved, not '${status}'` }
  const from = present(params.from)
  const to = present(params.to)
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== null && !ISO_DATE.test(value)) return { ok: false, message: `${name}: an ISO 8601 date such as 2025-06-17, not '${value}'` }
  }
  let limit = DEFAULT_SEARCH_LIMIT
  const rawLimit = present(params.limit)
  if (rawLimit !== null) {
    limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN
    if (!(limit >= 1 && limit <= MAX_SEARCH_LIMIT)) return { ok: false, message: `limit: an integer from 1 to ${MAX_SEARCH_LIMIT}, not '${rawLimit}'` }
  }
  return {
    ok: true,
    query: {
      text,
      document: present(params.document),
      kind,
      type: present(params.type),
      author: present(params.author),
      status,
      from,
      to,
      limit,
    },
  }
}
