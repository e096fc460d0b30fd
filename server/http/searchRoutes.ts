import type { IncomingMessage } from 'node:http'
import { parseSearchQuery, type SearchParameters } from '../../core/search'
import type { DocumentStore } from '../persistence/DocumentStore'
import { ApiError } from '../errors'
import type { ReadableDocuments, SearchIndex } from '../search/SearchIndex'
import { sendJson } from './respond'
import type { RouteGroup } from './routeGroup'

export interface SearchRoutesOptions {
  index: SearchIndex
  store: DocumentStore
  /** The documents the requester may read; default every document (there are no accounts yet). */
  readableFor?: (req: IncomingMessage) => ReadableDocuments
}

const PARAMETERS: readonly (keyof SearchParameters)[] = ['q', 'document', 'kind', 'type', 'author', 'status', 'from', 'to', 'limit']

/**
 * `GET /api/search?q=&document=&kind=&type=&author=&status=&from=&to=&limit=`
 * → SearchResponse (core/search/searchHit.ts). Bad parameters: 400
 * `invalid-request` naming the parameter; a `document` that does not exist:
 * 404 `document-not-found`.
 */
export function searchRoutes(options: SearchRoutesOptions): RouteGroup {
  return async (req, res, url) => {
    if (url.pathname !== '/api/search' && url.pathname !== '/api/search/') return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ApiError('method-not-allowed', `${req.method} is not allowed on ${url.pathname}`)
    }
    const params: SearchParameters = {}
    for (const name of PARAMETERS) params[name] = url.searchParams.get(name) ?? undefined
    const parsed = parseSearchQuery(params)
    if (!parsed.ok) throw new ApiError('invalid-request', parsed.message)
    const readable = options.readableFor?.(req) ?? 'all'
    const { document } = parsed.query
    if (document !== null && (!(await options.store.getDocument(document)) || (readable !== 'all' && !readable.has(document)))) {
      throw new ApiError('document-not-found', `no document '${document}'`)
    }
    sendJson(res, 200, options.index.search(parsed.query, readable))
    return true
  }
}
