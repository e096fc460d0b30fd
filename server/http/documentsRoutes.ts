import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { ExistingUpload, UploadPreview } from '../../core/api'
import { createDocument } from '../documents/createDocument'
import type { DocumentSummary } from '../documents/DocumentCatalog'
import { MAX_OPENING, projectDocument, type OpeningLimits } from '../../doc'
import { ApiError } from '../errors'
import { decodeBytes } from '../import/decodeBytes'
import { importDocument } from '../import/importDocument'
import { readSource } from '../import/readSource'
import type { ImportWorker } from '../import/ImportWorker'
import { isSourceFormat, SOURCE_FORMATS, type SourceFormat } from '../import/sourceFormat'
import { findVersionWithText } from '../history/findVersionWithText'
import type { HistoryStore } from '../persistence/HistoryStore'
import type { DocumentStore } from '../persistence/DocumentStore'
import type { SyncServer } from '../sync/SyncServer'
import { findDocument } from './findDocument'
import { readBody } from './readBody'
import { sendJson, sendText } from './respond'
import type { RouteGroup } from './routeGroup'

export interface DocumentsRoutesOptions {
  store: DocumentStore
  sync: SyncServer
  history: HistoryStore
  maxUploadBytes: number
  /** Clock for new documents' creation time; default the real time. */
  now?: () => Date
  /** Told of each document created here (the search index indexes it). */
  onCreated?: (documentId: string) => void
  /** Reads uploads off the event loop; absent, they are read in this thread. */
  imports?: ImportWorker
}

/** Media types accepted as a raw file upload (a browser sends a File's own type, or none). */
const RAW_FILE_TYPES = /^(text\/[\w.+-]+|application\/(octet-stream|xml|tei\+xml|xhtml\+xml|vnd\.openxmlformats-officedocument\.wordprocessingml\.document))$/

/** Characters of decoded text the preview returns. */
const PREVIEW_CHARACTERS = 2000

/** Opening paragraphs given when `?paragraphs=` does not say (at most MAX_OPENING's; a screen or two). */
const OPENING_PARAGRAPHS = 60


/**
 * The document API:
 * - `GET /api/documents` → `DocumentSummary[]`
 * - `GET /api/documents/:id` → `DocumentSummary`, 404 `document-not-found`
 * - `GET /api/documents/:id/text` → the current plain-text projection (text/plain)
 * - `GET /api/documents/:id/opening?at=&paragraphs=` → `OpeningParagraphs`: the paragraphs
 *   from the one holding projection offset `at` (default 0) on, a screen or so of them,
 *   for a browser to show before the whole document has synced (issue #21); 204 when
 *   they are not at hand without loading the state (SyncServer.readOpening)
 * - `POST /api/documents` with JSON `{ text, title?, fileName? }`, or a file's bytes
 *   (`?fileName=&title=&encoding=&format=`: .txt, .md, .html, .docx, TEI .xml in any
 *   encoding docs/IMPORT.md lists) → 201 and the new document, or 200 and the
 *   existing one with the same content; 400 `invalid-encoding` / `binary-content`
 *   (with `offset`), 422 `encoding-uncertain`, 400 `invalid-document` store nothing.
 * - `POST /api/documents/preview` with the same body and query → `UploadPreview`.
 *   When the existing one's text has changed since (a wipe), the answer also holds
 *   `ExistingUpload`: the newest version with the uploaded text, to restore it from.
 * Other paths under /api/documents/:id/ are left to other groups.
 */
export function documentsRoutes(options: DocumentsRoutesOptions): RouteGroup {
  const { store, sync } = options
  return async (req, res, url) => {
    const match = /^\/api\/documents(?:\/([^/]+)(\/text|\/opening)?)?\/?$/.exec(url.pathname)
    if (!match) return false
    const [, rawId, part] = match
    const text = part === '/text'
    if (rawId === 'preview' && !part && req.method === 'POST') {
      sendJson(res, 200, await previewUpload(req, url, options))
      return true
    }
    if (rawId === undefined) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        sendJson(res, 200, await store.listDocuments())
      } else if (req.method === 'POST') {
        const result = await createFromRequest(req, url, options)
        if (result.created) {
          res.setHeader('location', `/api/documents/${encodeURIComponent(result.document.id)}`)
          options.onCreated?.(result.document.id)
          sendJson(res, 201, result.document)
        } else {
          sendJson(res, 200, { ...result.document, ...(await existingUpload(options, result.document)) })
        }
      } else {
        throw methodNotAllowed(req, url)
      }
      return true
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req, url)
    const document = await findDocument(store, rawId)
    if (part === '/opening') {
      const opening = await sync.readOpening(document.id, openingLimits(url))
      // 204: not at hand without loading the whole state; the browser opens the document as usual.
      if (opening) sendJson(res, 200, opening)
      else res.writeHead(204).end()
      return true
    }
    if (!text) {
      sendJson(res, 200, document)
      return true
    }
    const projection = await sync.readDocument(document.id, projectDocument)
    sendText(res, 200, projection ?? '')
    return true
  }
}

/** `?at=` (a projection offset, default 0) and `?paragraphs=` (1–MAX_OPENING.maxParagraphs) of an opening request. */
function openingLimits(url: URL): OpeningLimits {
  const integer = (name: string, fallback: number, max: number): number => {
    const raw = url.searchParams.get(name)
    if (raw === null) return fallback
    const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN
    if (!(value >= 0 && value <= max)) throw new ApiError('invalid-request', `\`${name}\` must be an integer from 0 to ${max}, not '${raw}'`)
    return value
  }
  const maxParagraphs = integer('paragraphs', OPENING_PARAGRAPHS, MAX_OPENING.maxParagraphs)
  if (maxParagraphs === 0) throw new ApiError('invalid-request', '`paragraphs` must be at least 1')
  return { at: integer('at', 0, Number.MAX_SAFE_INTEGER), maxParagraphs, maxCharacters: MAX_OPENING.maxCharacters }
}

/**
 * For a re-upload: nothing when the document still holds the uploaded text (its
 * projection hashes to the document's source hash, which is how the upload found
 * it), else where that text can be restored from.
 */
async function existingUpload(options: DocumentsRoutesOptions, document: DocumentSummary): Promise<ExistingUpload | Record<string, never>> {
  const isUploaded = (text: string) => createHash('sha256').update(text).digest('hex') === document.sourceHash
  const current = await options.sync.readDocument(document.id, projectDocument)
  if (current === null || isUploaded(current)) return {}
  return { textDiffers: true, restorableVersion: await findVersionWithText(options.history, document.id, isUploaded) }
}

async function createFromRequest(req: IncomingMessage, url: URL, options: DocumentsRoutesOptions) {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (mediaType === 'application/json') {
    // An upload of content in the trash makes a new document (the trashed one stays the owner's to restore, apart).
    return createDocument(options.store, { ...(await readJsonDocument(req, options.maxUploadBytes)), newOverTrash: true }, options.now)
  }
  checkFileType(mediaType)
  const bytes = await readBody(req, options.maxUploadBytes)
  return importDocument(options.store, bytes, {
    ...fileQuery(url),
    title: url.searchParams.get('title') ?? undefined,
    now: options.now,
    newOverTrash: true,
    ...(options.imports ? { read: (bytes: Uint8Array, source: Parameters<typeof readSource>[1]) => options.imports!.readSource(bytes, source ?? {}) } : {}),
  })
}

async function previewUpload(req: IncomingMessage, url: URL, options: DocumentsRoutesOptions): Promise<UploadPreview> {
  checkFileType((req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase())
  const bytes = await readBody(req, options.maxUploadBytes)
  const reading = options.imports ? await options.imports.readSource(bytes, fileQuery(url)) : await readSource(bytes, fileQuery(url))
  const detection = reading.detection
  const paragraphs = reading.edition?.paragraphs ?? []
  let preview = ''
  for (const paragraph of paragraphs) {
    if (preview.length >= PREVIEW_CHARACTERS) break
    preview += (preview ? '\n\n' : '') + paragraph
  }
  return {
    format: reading.format,
    encoding: reading.encoding,
    confidence: detection?.confidence ?? null,
    detected: detection ? { encoding: detection.encoding, confidence: detection.confidence } : null,
    alternatives: detection?.alternatives ?? [],
    preview: reading.edition ? preview.slice(0, PREVIEW_CHARACTERS) : null,
    paragraphs: paragraphs.length,
    annotations: reading.edition?.annotations.length ?? 0,
    decisions: reading.edition?.decisions.length ?? 0,
    problem: reading.problem,
  }
}

function checkFileType(mediaType: string): void {
  if (mediaType !== '' && !RAW_FILE_TYPES.test(mediaType)) {
    throw new ApiError('unsupported-media-type', `send application/json or the file's bytes (text/*, application/octet-stream…), not ${mediaType}`)
  }
}

/** `fileName`, `encoding` and `format` of an upload's query; an unknown format is a 400. */
function fileQuery(url: URL): { fileName?: string; encoding?: string; format?: SourceFormat } {
  const format = url.searchParams.get('format') ?? undefined
  if (format !== undefined && !isSourceFormat(format)) {
    throw new ApiError('invalid-request', `format must be one of ${SOURCE_FORMATS.join(', ')}, not ${JSON.stringify(format)}`)
  }
  return {
    fileName: url.searchParams.get('fileName') ?? undefined,
    encoding: url.searchParams.get('encoding') || undefined,
    format,
  }
}

/** A JSON body `{ text, title?, fileName? }`: JSON is UTF-8 (RFC 8259), so no detection. */
async function readJsonDocument(req: IncomingMessage, limit: number) {
  const decoded = decodeBytes(await readBody(req, limit), 'UTF-8')
  if (!decoded.ok) throw new ApiError(decoded.reason, `the JSON body is not UTF-8 text (byte ${decoded.offset})`, decoded.offset)
  let parsed: unknown
  try {
    parsed = JSON.parse(decoded.text)
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

function methodNotAllowed(req: IncomingMessage, url: URL): ApiError {
  return new ApiError('method-not-allowed', `${req.method} is not allowed on ${url.pathname}`)
}
