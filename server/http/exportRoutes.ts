import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import type { ImportReport } from '../../core/api'
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, exportEdition, importWebAnnotations, isExportFormat } from '../../core/export'
import type { DocumentSummary } from '../documents/DocumentCatalog'
import type { DocumentStore } from '../persistence/DocumentStore'
import { projectDocument } from '../../doc'
import { ApiError } from '../errors'
import { readEdition, type EditionSelection } from '../../doc'
import { writeAnnotations } from '../../doc/annotations/writeAnnotations'
import { parseVersionId, readVersion } from '../history/readVersion'
import type { HistoryStore } from '../persistence/HistoryStore'
import type { SyncServer } from '../sync/SyncServer'
import { findDocument } from './findDocument'
import type { ImportWorker } from '../import/ImportWorker'
import type { WebAnnotationImport } from '../../core/export/importWebAnnotations'
import { annotationsMap } from '../../doc'
import { readBody } from './readBody'
import { sendJson } from './respond'
import type { RouteGroup } from './routeGroup'

export interface ExportRoutesOptions {
  store: DocumentStore
  sync: SyncServer
  /** Where `?version=` exports read their state. */
  history: HistoryStore
  /** Largest import body in bytes; larger is refused with 413 `upload-too-large`. */
  maxImportBytes: number
  /** Clock for the export date; default the real time. */
  now?: () => Date
  /** Parses and anchors imports off the event loop; absent, in this thread. */
  imports?: ImportWorker
  /**
   * Most annotations a document may hold after an import, default DEFAULT_MAX_ANNOTATIONS;
   * beyond, the import is refused (413 `import-too-large`) and nothing is written.
   */
  maxAnnotations?: number
}

/**
 * Annotations a document may hold after an import: 20,000, four times the 5,000 of the
 * editor's benchmark (issue #3), which already takes the editor 1.4 s to open on 201 KB.
 */
export const DEFAULT_MAX_ANNOTATIONS = 20_000

/** What `include=` may name; the default is all three. */
export const EXPORT_INCLUDES = ['annotations', 'duplicates', 'decisions'] as const


/** Media types an import body may declare (a browser sends a .jsonld file as '' or octet-stream). */
const JSON_TYPES = /^(application\/(ld\+json|json|octet-stream)|text\/plain)?$/

/**
 * Editions out, annotations in:
 * - `GET /api/documents/:id/export?format=tei|w3c|html|md|txt[&include=annotations,duplicates,decisions][&types=a,b][&status=open|resolved|all][&version=N]`
 *   → the edition of the document's current state (or of version N) as an attachment `<id>.<ext>`;
 *   400 `unknown-export-format` / `invalid-request`, 404 `document-not-found` / `version-not-found`.
 * - `POST /api/documents/:id/annotations/import` with W3C Web Annotation JSON-LD (one
 *   annotation, an array, a page or a collection) → anchored onto the current text
 *   and written into the document's Y.Doc through its room (live editors see them,
 *   storage keeps them) → `ImportReport`; 400 `invalid-json` / `invalid-request`
 *   and 413 `upload-too-large` change nothing.
 */
export function exportRoutes(options: ExportRoutesOptions): RouteGroup {
  const { store, sync } = options
  return async (req, res, url) => {
    const match = /^\/api\/documents\/([^/]+)\/(export|annotations\/import)\/?$/.exec(url.pathname)
    if (!match) return false
    const [, rawId, action] = match
    const expected = action === 'export' ? ['GET', 'HEAD'] : ['POST']
    if (!expected.includes(req.method ?? '')) {
      res.setHeader('allow', expected.join(', '))
      throw new ApiError('method-not-allowed', `${req.method} is not allowed on ${url.pathname}`)
    }
    const document = await findDocument(store, rawId)

    if (action === 'export') {
      const format = url.searchParams.get('format') ?? ''
      if (!isExportFormat(format)) {
        throw new ApiError('unknown-export-format', `unknown format ${JSON.stringify(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`)
      }
      const selection = parseSelection(url.searchParams)
      const version = url.searchParams.get('version')
      // A collation's witnesses in other documents are read from their current state
      // (also for an old version of this one: their history is theirs). A copy, since
      // a document read from storage is destroyed once readDocument returns. Reading
      // is asynchronous and readEdition is not: a first reading asks for the other
      // documents it needs, which are then read, and a second reading uses them.
      const others = new Map<string, Y.Doc | null>()
      const asked = new Set<string>()
      const otherDocuments = (id: string): Y.Doc | null => {
        if (!others.has(id)) asked.add(id)
        return others.get(id) ?? null
      }
      const read = (doc: Y.Doc) => readEdition(doc, document, selection, options.now?.(), otherDocuments)
      const readOnce = () => (version === null
        ? sync.readDocument(document.id, read)
        : readVersion(options.history, document.id, parseVersionId(version), read))
      let input = await readOnce()
      if (asked.size > 0) {
        for (const id of asked) others.set(id, (await store.getDocument(id)) ? await sync.readDocument(id, copyOfDocument) : null)
        input = await readOnce()
      }
      if (!input) throw new ApiError('document-not-found', `document '${document.id}' has no stored content`)
      const payload = Buffer.from(exportEdition(format, input), 'utf8')
      const info = EXPORT_FORMAT_INFO[format]
      res.writeHead(200, {
        'content-type': info.mediaType,
        'content-length': payload.length,
        'content-disposition': `attachment; filename="${fileSlug(document)}${info.extension}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      res.end(req.method === 'HEAD' ? undefined : payload)
      return true
    }

    sendJson(res, 200, await importAnnotations(req, document, options))
    return true
  }
}

/**
 * A Web Annotation import: parsed and anchored in the import worker on a snapshot of
 * the text, then written in one transaction. Should the text change meanwhile (someone
 * typing), the anchoring is done again on the text as it is inside the write.
 */
async function importAnnotations(req: IncomingMessage, document: DocumentSummary, options: ExportRoutesOptions): Promise<ImportReport> {
  const { sync } = options
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (!JSON_TYPES.test(mediaType)) throw new ApiError('unsupported-media-type', `send application/ld+json or application/json, not ${mediaType}`)
  const body = await readBody(req, options.maxImportBytes)
  const parse = (projection: string): WebAnnotationImport => {
    let json: unknown
    try {
      json = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''))
    } catch {
      throw new ApiError('invalid-json', 'the body is not valid JSON')
    }
    return importWebAnnotations(json, projection)
  }
  const snapshot = await sync.readDocument(document.id, projectDocument)
  let early: WebAnnotationImport | null = null
  if (options.imports && snapshot !== null) {
    early = await options.imports.anchorAnnotations(body, snapshot)
    if (early === null) throw new ApiError('invalid-json', 'the body is not valid JSON')
  }
  const limit = options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS
  const report = await sync.updateDocument(document.id, (doc) => {
    const projection = projectDocument(doc)
    const found = early && projection === snapshot ? early : parse(projection)
    if (found.annotations.length === 0 && found.unanchored.length === 0 && found.errors.some((e) => e.startsWith('input:'))) {
      throw new ApiError('invalid-request', found.errors.join('; '))
    }
    const existing = annotationsMap(doc).size
    if (existing + found.annotations.length > limit) {
      throw new ApiError(
        'import-too-large',
        `the import holds ${found.annotations.length} annotations and the document ${existing}; a document takes at most ${limit} (what the editor can show)`,
      )
    }
    const written = writeAnnotations(doc, found.annotations)
    return {
      imported: written.written.length,
      ids: written.written,
      unanchored: found.unanchored,
      errors: [...found.errors, ...written.skipped.map((s) => `${s.id}: ${s.reason}`)],
    } satisfies ImportReport
  })
  if (!report) throw new ApiError('document-not-found', `document '${document.id}' has no stored content`)
  return report
}

/** `include`, `types` and `status` query parameters; an unknown value is a 400, not silently ignored. */
export function parseSelection(params: URLSearchParams): EditionSelection {
  const list = (name: string): string[] | null => {
    const value = params.get(name)
    return value === null ? null : value.split(',').map((s) => s.trim()).filter(Boolean)
  }
  const include = list('include') ?? [...EXPORT_INCLUDES]
  const unknown = include.filter((i) => !(EXPORT_INCLUDES as readonly string[]).includes(i))
  if (unknown.length) throw new ApiError('invalid-request', `unknown include ${unknown.join(', ')}; expected ${EXPORT_INCLUDES.join(', ')}`)
  const status = params.get('status') ?? 'all'
  if (status !== 'open' && status !== 'resolved' && status !== 'all') throw new ApiError('invalid-request', `status must be open, resolved or all, not ${JSON.stringify(status)}`)
  return {
    annotations: include.includes('annotations'),
    duplicates: include.includes('duplicates'),
    decisions: include.includes('decisions'),
    types: list('types'),
    status,
  }
}

/** The download's file name: the document id (already a slug), kept to characters safe in a header. */
function fileSlug(document: DocumentSummary): string {
  return document.id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'edition'
}

/** A detached copy of a document's state, usable after the original is destroyed. */
function copyOfDocument(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}
