import type { SearchResponse } from '../../core/api'
import type { SearchParameters } from '../../core/search'

/** A search the server refused (bad parameters, unknown document), with its message to show as is. */
export class SearchError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

/**
 * `GET /api/search` with `params`; rejects with SearchError carrying the
 * server's `{ error: { id, message } }`, or the status when the body is not one.
 */
export async function searchWorkspace(params: SearchParameters, signal?: AbortSignal): Promise<SearchResponse> {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value)
  const response = await fetch(`/api/search?${query}`, { signal })
  if (response.ok) return (await response.json()) as SearchResponse
  let body: { error?: { id?: string; message?: string } } = {}
  try {
    body = (await response.json()) as typeof body
  } catch {
    // Not our JSON error: fall back to the status below.
  }
  throw new SearchError(body.error?.message ?? `the server answered ${response.status}`, body.error?.id ?? 'internal')
}
