import type { IncomingMessage } from 'node:http'
import { createDocument, type NewDocument } from '../documents/createDocument'
import type { DocumentCatalog } from '../documents/DocumentCatalog'
import { decodeUpload } from '../documents/decodeUpload'
import { projectDocument } from '../../doc'
import { ApiError } from '../errors'
import type { SqlitePersistence } from '../persistence/SqlitePersistence'
import type { SyncServer } from '../sync/SyncServer'
import { findDocument } from './findDocument'
import { readBody } from './readBody'
import { sendJson, sendText } from './respond'
import type { RouteGroup } from './routeGroup'

export interface DocumentsRoutesOptions {
  catalog: DocumentCatalog
  persistence: SqlitePersistence
  sync: SyncServer
  maxUploadBytes: number
}

/** Media types accepted as a raw text upload (a browser sends a File's own type, or none). */
const RAW_TEXT_TYPES = /^(text\/[\w.+-]+|application\/octet-stream)$/

/**
 * The document API:
 * - `GET /api/documents` → `DocumentSummary[]`
 * - `GET /api/documents/:id` → `DocumentSummary`, 404 `document-not-found`
 * - `GET /api/documents/:id/text` → the current plain-text projection (text/plain)
 * - `POST /api/documents` with JSON `{ text, title?, fileName? }` or a raw text body
 *   (`?title=&fileName=`) → 201 and the new document, or 200 and the existing one
 *   with the same content. Other paths under /api/documents/:id/ are left to other groups.
 */
export function documentsRoutes(options: DocumentsRoutesOptions): RouteGroup {
  const { catalog, persistence, sync } = options
  return async (req, res, url) => {
    const match = /^\/api\/documents(?:\/([^/]+)(\/text)?)?\/?$/.exec(url.pathname)
    if (!match) return false
    const [, rawId, text] = match
    if (rawId === undefined) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        sendJson(res, 200, catalog.list())
      } else if (req.method === 'POST') {
        const result = createDocument(catalog, persistence, await readNewDocument(req, url, options.maxUploadBytes))
        if (result.created) res.setHeader('location', `/api/documents/${encodeURIComponent(result.document.id)}`)
        sendJson(res, result.created ? 201 : 200, result.document)
      } else {
        throw methodNotAllowed(req, url)
      }
      return true
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req, url)
    const document = findDocument(catalog, rawId)
    if (!text) {
      sendJson(res, 200, document)
      return true
    }
    const projection = sync.readDocument(document.id, projectDocument)
    sendText(res, 200, projection ?? '')
    return true
  }
}

async function readNewDocument(req: IncomingMessage, url: URL, limit: number): Promise<NewDocument> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (mediaType === 'application/json') {
    const body = decodeUpload(await readBody(req, limit))
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      throw new ApiError('invalid-json', 'the body is not valid JSON')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ApiError('invalid-request', 'expected a JSON object { text, title? }')
    }
    const { text, title, fileName } = parsed as Record<string, unknown>
    if (typeof text !== 'string') throw new ApiError('invalid-request', '`text` must be a string')
    if (title !== undefined && typeof title !== 'string') throw new ApiError('invalid-request', '`title` must be a string')
    if (fileName !== undefined && typeof fileName !== 'string') {
      throw new ApiError('invalid-request', '`fileName` must be a string')
    }
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, title, fileName }
  }
  if (mediaType !== '' && !RAW_TEXT_TYPES.test(mediaType)) {
    throw new ApiError('unsupported-media-type', `send application/json or text/plain, not ${mediaType}`)
  }
  const text = decodeUpload(await readBody(req, limit))
  return {
    text,
    title: url.searchParams.get('title') ?? undefined,
    fileName: url.searchParams.get('fileName') ?? undefined,
  }
}

function methodNotAllowed(req: IncomingMessage, url: URL): ApiError {
  return new ApiError('method-not-allowed', `${req.method} is not allowed on ${url.pathname}`)
}
