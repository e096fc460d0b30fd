import { visibleControls } from '../../core/text'
import type { DocumentSummary } from '../../core/api'

/** Bytes sent so far of a request's body. */
export interface UploadProgress {
  loaded: number
  total: number
}

/** An upload the server or the file refused, with a message to show as is. */
export class UploadError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

/** A finished upload: the document, and false when the same text was already there. */
export interface UploadResult {
  document: DocumentSummary
  created: boolean
}

/** Files the workspace imports (server/import/sourceFormat.ts): text, Markdown, web pages, Word, TEI. */
export const ACCEPTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.xhtml', '.docx', '.xml', '.tei'] as const

/** Media types beside the extensions, for the file picker's `accept`. */
export const ACCEPTED_TYPES = ['text/plain', 'text/markdown', 'text/html', 'application/xml', 'application/tei+xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const

/** The extension check every upload path makes before sending anything; null when accepted. */
export function refusedExtension(file: File): UploadError | null {
  if (ACCEPTED_EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext))) return null
  return new UploadError(`“${visibleControls(file.name)}” is not a file the workspace reads (.txt, .md, .html, .docx or TEI .xml).`, 'unsupported-type')
}

/**
 * Checks `file` and posts its bytes as they are to `POST /api/documents`, so the
 * server detects the format and encoding (or takes `encoding`, the user's choice
 * after a preview), titles and identifies it exactly as it does a file in
 * documents/. Uses XMLHttpRequest rather than fetch because only it reports
 * upload progress. Rejects with UploadError: a wrong extension or an empty file
 * before sending anything, otherwise the server's `{error: {id, message}}`.
 */
export async function uploadDocument(file: File, onProgress?: (progress: UploadProgress) => void, encoding?: string): Promise<UploadResult> {
  const refused = refusedExtension(file)
  if (refused) throw refused
  if (file.size === 0) throw new UploadError(`“${visibleControls(file.name)}” is empty.`, 'empty')
  const query = new URLSearchParams({ fileName: file.name })
  if (encoding) query.set('encoding', encoding)
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', `/api/documents?${query}`)
    request.setRequestHeader('Content-Type', 'application/octet-stream')
    request.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size })
    request.onerror = () => reject(new UploadError('The upload failed: the connection to the server was lost. If the file is very large, the server may have refused it.', 'network'))
    request.onload = () => {
      let payload: unknown = null
      try {
        payload = JSON.parse(request.responseText)
      } catch {
        // Not JSON (e.g. a proxy's error page): fall through to the status text.
      }
      if (request.status >= 200 && request.status < 300 && payload && typeof payload === 'object') {
        resolve({ document: payload as DocumentSummary, created: request.status === 201 })
        return
      }
      const error = (payload as { error?: { id?: string; message?: string } } | null)?.error
      const fallback = request.status === 413 ? 'The file is too large for the server.' : `The server refused the upload (HTTP ${request.status}).`
      const message = error?.message ? `The server refused “${visibleControls(file.name)}”: ${error.message}.` : fallback
      reject(new UploadError(message, error?.id ?? `http-${request.status}`))
    }
    request.send(file)
  })
}
