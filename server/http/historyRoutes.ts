import type { IncomingMessage } from 'node:http'
import type * as Y from 'yjs'
import { alignWitnesses } from '../../core/align'
import type { BlameRun, VersionSummary } from '../../core/api'
import { blameRange, projectDocument, restoreVersion, type RestoreScope } from '../../doc'
import { ApiError } from '../errors'
import { parseVersionId, readVersion } from '../history/readVersion'
import type { UpdateAuthor } from '../persistence/DocumentPersistence'
import type { DocumentStore } from '../persistence/DocumentStore'
import type { HistoryStore } from '../persistence/HistoryStore'
import type { SyncServer } from '../sync/SyncServer'
import { findDocument } from './findDocument'
import { readBody } from './readBody'
import { sendJson, sendText } from './respond'
import type { RouteGroup } from './routeGroup'

export interface HistoryRoutesOptions {
  store: DocumentStore
  sync: SyncServer
  history: HistoryStore
  maxBodyBytes: number
}

/** Longest version name kept. */
const MAX_NAME = 200

/**
 * Version history (docs/HISTORY.md):
 * - `GET /api/documents/:id/versions` → `VersionSummary[]`, newest first
 * - `POST /api/documents/:id/versions` `{ name, version? }` → 201 `VersionSummary`:
 *   names the current state (a new checkpoint) or the existing version `version`
 * - `GET …/versions/:v/text` → that version's plain-text projection
 * - `GET …/versions/:v/state` → its encoded Yjs state (a client rebuilds it to restore with its own undo)
 * - `GET …/versions/:v/compare?with=:w|now` → `{ from, to, alignment }`: core/align's alignment of the two texts
 * - `POST …/versions/:v/restore` `{ range?: {start, end, side?}, annotationId? }` → `RestoreResult`:
 *   applied through the document's room as one change on top of the present
 * - `GET …/blame?start=&end=[&version=:v]` → `BlameRun[]` over the current text (or version v's)
 * Whom the server acts for (restore) is the `user` query parameter, as for sync,
 * until accounts exist. 404 `document-not-found` / `version-not-found`, 400 `invalid-request`.
 */
export function historyRoutes(options: HistoryRoutesOptions): RouteGroup {
  const { store, sync, history } = options
  return async (req, res, url) => {
    const match = /^\/api\/documents\/([^/]+)\/(versions|blame)(?:\/([^/]+)(?:\/(text|state|compare|restore))?)?\/?$/.exec(url.pathname)
    if (!match) return false
    const [, rawId, collection, rawVersion, action] = match
    const document = await findDocument(store, rawId)
    const method = req.method ?? 'GET'
    const allow = (...methods: string[]): void => {
      if (!methods.includes(method)) {
        res.setHeader('allow', methods.join(', '))
        throw new ApiError('method-not-allowed', `${method} is not allowed on ${url.pathname}`)
      }
    }

    if (collection === 'blame') {
      if (rawVersion !== undefined) return false
      allow('GET', 'HEAD')
      const authorship = await history.authorship(document.id)
      const blame = (doc: Y.Doc) => {
        const length = projectDocument(doc).length
        const start = integerParam(url, 'start', 0)
        const end = integerParam(url, 'end', length)
        if (start > end || end > length) throw new ApiError('invalid-request', `range [${start}, ${end}) is not inside the text of length ${length}`)
        return blameRange(doc, authorship, start, end)
      }
      const version = url.searchParams.get('version')
      const runs = version === null ? await sync.readDocument(document.id, blame) : await readVersion(history, document.id, parseVersionId(version), blame)
      sendJson(res, 200, (runs ?? []).map((run): BlameRun => ({ ...run, at: run.at === null ? null : new Date(run.at).toISOString() })))
      return true
    }

    if (rawVersion === undefined) {
      allow('GET', 'HEAD', 'POST')
      if (method === 'POST') {
        const body = await readJsonObject(req, options.maxBodyBytes)
        const name = typeof body.name === 'string' ? body.name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : ''
        if (!name) throw new ApiError('invalid-request', '`name` must be a non-empty string')
        let id: number | null
        if (body.version === undefined) {
          id = await sync.nameCurrentVersion(document.id, name)
          if (id === null) throw new ApiError('document-not-found', `document '${document.id}' has no stored content`)
        } else {
          id = parseVersionId(String(body.version))
          if (!(await history.name(document.id, id, name))) throw new ApiError('version-not-found', `document '${document.id}' has no version ${id}`)
        }
        sendJson(res, 201, (await history.version(document.id, id)) satisfies VersionSummary | null)
      } else {
        sendJson(res, 200, await history.versions(document.id))
      }
      return true
    }

    const versionId = parseVersionId(rawVersion)
    if (action === undefined) {
      allow('GET', 'HEAD')
      const version = await history.version(document.id, versionId)
      if (!version) throw new ApiError('version-not-found', `document '${document.id}' has no version ${versionId}`)
      sendJson(res, 200, version)
    } else if (action === 'text') {
      allow('GET', 'HEAD')
      sendText(res, 200, await readVersion(history, document.id, versionId, projectDocument))
    } else if (action === 'state') {
      allow('GET')
      const state = await history.stateAt(document.id, versionId)
      if (!state) throw new ApiError('version-not-found', `document '${document.id}' has no version ${versionId}`)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': state.length, 'cache-control': 'no-store' })
      res.end(Buffer.from(state))
    } else if (action === 'compare') {
      allow('GET')
      const from = await readVersion(history, document.id, versionId, projectDocument)
      const other = url.searchParams.get('with') ?? 'now'
      const to = other === 'now'
        ? (await sync.readDocument(document.id, projectDocument)) ?? ''
        : await readVersion(history, document.id, parseVersionId(other), projectDocument)
      sendJson(res, 200, { from: versionId, to: other === 'now' ? 'now' : Number(other), alignment: alignWitnesses(from, to) })
    } else {
      allow('POST')
      const body = await readJsonObject(req, options.maxBodyBytes)
      const scope = restoreScope(body)
      const author = requestAuthor(url)
      const old = await history.docAt(document.id, versionId)
      if (!old) throw new ApiError('version-not-found', `document '${document.id}' has no version ${versionId}`)
      let result
      try {
        result = await sync.updateDocument(document.id, (doc) => {
          try {
            return restoreVersion(doc, old, scope)
          } catch (error) {
            if (error instanceof RangeError) throw new ApiError('invalid-request', error.message)
            throw error
          }
        }, author)
      } finally {
        old.destroy()
      }
      if (!result) throw new ApiError('document-not-found', `document '${document.id}' has no stored content`)
      if (result.missingAnnotation) throw new ApiError('invalid-request', `version ${versionId} has no annotation ${JSON.stringify(result.missingAnnotation)}`)
      sendJson(res, 200, result)
    }
    return true
  }
}

function integerParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError('invalid-request', `${name} must be a non-negative integer, not ${JSON.stringify(raw)}`)
  return Number(raw)
}

async function readJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const body = (await readBody(req, limit)).toString('utf8')
  if (body.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new ApiError('invalid-json', 'the body is not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ApiError('invalid-request', 'expected a JSON object')
  return parsed as Record<string, unknown>
}

function restoreScope(body: Record<string, unknown>): RestoreScope {
  const scope: RestoreScope = {}
  if (body.annotationId !== undefined) {
    if (typeof body.annotationId !== 'string' || !body.annotationId) throw new ApiError('invalid-request', '`annotationId` must be a non-empty string')
    scope.annotationId = body.annotationId
  }
  if (body.range !== undefined) {
    const range = body.range as Record<string, unknown> | null
    const side = range?.side ?? 'version'
    if (!range || !Number.isInteger(range.start) || !Number.isInteger(range.end) || (side !== 'version' && side !== 'current')) {
      throw new ApiError('invalid-request', '`range` must be { start, end, side?: "version" | "current" } with integer offsets')
    }
    scope.range = { start: range.start as number, end: range.end as number, side }
  }
  return scope
}

/** Whom a restore is stored as: the `user` query parameter (as sync connections say who they are), else `api`. */
function requestAuthor(url: URL): UpdateAuthor {
  const user = (url.searchParams.get('user') ?? '').trim().slice(0, 64)
  return { id: user || 'api', name: user || 'api' }
}
