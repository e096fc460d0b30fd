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

/** Files the workspace imports: plain text and Markdown, as in documents/. */
export const ACCEPTED_EXTENSIONS = ['.txt', '.md'] as const

/**
 * Checks `file` and posts its bytes as is (text/plain) to `POST /api/documents`,
 * so the server decodes, titles and identifies it exactly as it does a file in
 * documents/ (title from the first line, id from the file name). Uses
 * XMLHttpRequest rather than fetch because only it reports upload progress.
 * Rejects with UploadError: a wrong extension, an empty file or invalid UTF-8
 * before sending anything (a clear message without waiting for a large upload),
 * otherwise the server's `{error: {id, message}}`.
 */
export async function uploadDocument(file: File, onProgress?: (progress: UploadProgress) => void): Promise<UploadResult> {
  if (!ACCEPTED_EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext))) {
    throw new UploadError(`“${file.name}” is not a .txt or .md file.`, 'unsupported-type')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
  } catch {
    throw new UploadError(`“${file.name}” is not valid UTF-8 text. Save it as UTF-8 and try again.`, 'invalid-encoding')
  }
  if (text.trim() === '') throw new UploadError(`“${file.name}” is empty.`, 'empty')
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', `/api/documents?fileName=${encodeURIComponent(file.name)}`)
    request.setRequestHeader('Content-Type', 'text/plain; charset=utf-8')
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
      const message = error?.message ? `The server refused “${file.name}”: ${error.message}.` : fallback
      reject(new UploadError(message, error?.id ?? `http-${request.status}`))
    }
    request.send(file)
  })
}
