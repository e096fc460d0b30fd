/*
 * The app's addresses (#/…): their grammar, parsed and written in one place. Free of
 * Vue and the router, so main.ts can read the first address before the app's code has
 * loaded (it asks for what the first screen needs at once); components use useHashRoute.
 */
import type { SearchParameters } from '../../core/search'

/** One editor pane: a document and, optionally, a projection offset to scroll to. */
export interface PaneSpec {
  documentId: string
  /** Projection offset (UTF-16 code units) the pane opens at; null = the top. */
  offset: number | null
  /** When set (> offset), [offset, end) is selected on opening: a search hit, say. */
  end?: number
}

/** The search parameters a search route carries, in the order its address lists them. */
const SEARCH_KEYS: readonly (keyof SearchParameters)[] = ['q', 'document', 'kind', 'type', 'author', 'status', 'from', 'to', 'limit']

/** The screens of the app, parsed from location.hash. */
export type Route =
  | { name: 'documents' }
  | { name: 'editor'; panes: PaneSpec[] }
  | {
      name: 'compare'
      documentId: string
      a: [number, number] | null
      b: [number, number] | null
      /** Two versions of the document (docs/HISTORY.md) instead of two passages of its present text. */
      versions?: VersionPair
    }
  | { name: 'collation'; documentId: string; collationId: string }
  | { name: 'search'; params: SearchParameters }
  /** The account screens; `next`: where to go once signed in (a path of this grammar), null for the document list. */
  | { name: 'session'; screen: SessionScreen; next: string | null }

/** Sign-in, the first run's administrator account, and one's own account. */
export type SessionScreen = 'sign-in' | 'setup' | 'account'
const SESSION_SCREENS: readonly string[] = ['sign-in', 'setup', 'account']

/** Version `from` against version `to`, or against the present text. */
export interface VersionPair {
  from: number
  to: number | 'now'
}

/**
 * Routes:
 *   #/                         the document list
 *   #/doc/<id>                 one editor pane
 *   #/doc/<id>@<offset>        … scrolled to a projection offset
 *   #/doc/<id>@<start>-<end>   … with [start, end) selected (a search hit)
 *   #/split/<pane>/<pane>      side by side, each <pane> as above (the same id
 *                              twice shows two places of one document)
 *   #/compare/<id>             proposed comparisons in a document
 *   #/compare/<id>/<s>-<e>/<s>-<e>   witness A against witness B (projection offsets)
 *   #/compare/<id>/v<n>/v<m>   version n against version m (v<n>/now: against the present)
 *   #/compare/<id>/c/<collation>     a collation saved in the document (doc/collations)
 *   #/search?q=<text>&document=&kind=&type=&author=&status=&from=&to=
 *                              the workspace search (parameters as GET /api/search)
 *   #/sign-in?next=<path>      sign in, then go to <path> (a route above)
 *   #/setup, #/account         the first run's administrator account; one's own account
 * Ids are URI-encoded, so any id the server gives survives the round trip.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const search = /^search\/?(?:\?(.*))?$/.exec(path)
  if (search) return { name: 'search', params: parseSearchParams(search[1] ?? '') }
  const session = /^(sign-in|setup|account)\/?(?:\?(.*))?$/.exec(path)
  if (session && SESSION_SCREENS.includes(session[1])) {
    const next = new URLSearchParams(session[2] ?? '').get('next')
    return { name: 'session', screen: session[1] as SessionScreen, next: next && next.startsWith('/') && !next.startsWith('//') ? next : null }
  }
  const [head, ...rest] = path.split('/')
  const panes = rest.filter(Boolean).map(parsePane).filter((pane): pane is PaneSpec => pane !== null)
  if (head === 'doc' && panes.length >= 1) return { name: 'editor', panes: panes.slice(0, 1) }
  if (head === 'split' && panes.length >= 1) return { name: 'editor', panes: panes.slice(0, 2) }
  if (head === 'compare' && panes.length >= 1 && rest[1] === 'c' && rest[2]) {
    return { name: 'collation', documentId: panes[0].documentId, collationId: decodeURIComponent(rest[2]) }
  }
  if (head === 'compare' && panes.length >= 1) {
    const range = (s: string | undefined): [number, number] | null => {
      const m = /^(\d+)-(\d+)$/.exec(s ?? '')
      return m && Number(m[1]) <= Number(m[2]) ? [Number(m[1]), Number(m[2])] : null
    }
    const from = /^v(\d+)$/.exec(rest[1] ?? '')
    const to = /^(?:v(\d+)|now)$/.exec(rest[2] ?? '')
    if (from && to) {
      return { name: 'compare', documentId: panes[0].documentId, a: null, b: null, versions: { from: Number(from[1]), to: to[1] === undefined ? 'now' : Number(to[1]) } }
    }
    const a = range(rest[1])
    const b = range(rest[2])
    return { name: 'compare', documentId: panes[0].documentId, a: a && b ? a : null, b: a && b ? b : null }
  }
  return { name: 'documents' }
}

function parsePane(segment: string): PaneSpec | null {
  const at = segment.lastIndexOf('@')
  const rawId = at >= 0 ? segment.slice(0, at) : segment
  const rawOffset = at >= 0 ? segment.slice(at + 1) : ''
  let documentId: string
  try {
    documentId = decodeURIComponent(rawId)
  } catch {
    return null
  }
  if (!documentId) return null
  const range = /^(\d+)-(\d+)$/.exec(rawOffset)
  if (range && Number(range[1]) < Number(range[2])) return { documentId, offset: Number(range[1]), end: Number(range[2]) }
  const offset = /^\d+$/.test(rawOffset) ? Number(rawOffset) : range ? Number(range[1]) : null
  return { documentId, offset }
}

function formatPane(pane: PaneSpec): string {
  const at = pane.offset === null ? '' : pane.end !== undefined && pane.end > pane.offset ? `@${pane.offset}-${pane.end}` : `@${pane.offset}`
  return encodeURIComponent(pane.documentId) + at
}

function parseSearchParams(query: string): SearchParameters {
  const read = new URLSearchParams(query)
  const params: SearchParameters = {}
  for (const key of SEARCH_KEYS) {
    const value = read.get(key)
    if (value !== null && value !== '') params[key] = value
  }
  return params
}

function formatSearchParams(params: SearchParameters): string {
  const out = new URLSearchParams()
  for (const key of SEARCH_KEYS) {
    const value = params[key]
    if (value !== undefined && value !== '') out.set(key, value)
  }
  const query = out.toString()
  return query ? `#/search?${query}` : '#/search'
}

/** The hash of a route: the inverse of parseRoute. */
export function formatRoute(route: Route): string {
  if (route.name === 'session') return `#/${route.screen}${route.next ? `?${new URLSearchParams({ next: route.next })}` : ''}`
  if (route.name === 'collation') return `#/compare/${encodeURIComponent(route.documentId)}/c/${encodeURIComponent(route.collationId)}`
  if (route.name === 'search') return formatSearchParams(route.params)
  if (route.name === 'compare') {
    const id = encodeURIComponent(route.documentId)
    if (route.versions) return `#/compare/${id}/v${route.versions.from}/${route.versions.to === 'now' ? 'now' : `v${route.versions.to}`}`
    return route.a && route.b ? `#/compare/${id}/${route.a.join('-')}/${route.b.join('-')}` : `#/compare/${id}`
  }
  if (route.name === 'documents' || route.panes.length === 0) return '#/'
  if (route.panes.length === 1) return `#/doc/${formatPane(route.panes[0])}`
  return `#/split/${route.panes.map(formatPane).join('/')}`
}
