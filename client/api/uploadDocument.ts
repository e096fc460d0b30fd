import type { DocumentSummary } from './DocumentSummary'

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

/** Files the workspace imports: plain text and Markdown, as in documents/. */
export const ACCEPTED_EXTENSIONS = ['.txt', '.md'] as const

/** The title a file gets: its name without the extension. */
export function titleFromFileName(name: string): string {
  return name.replace(/\.(txt|md)$/i, '').trim() || name
}

/**
 * Reads `file` as UTF-8 and posts it to `POST /api/documents`. Uses
 * XMLHttpRequest rather than fetch because only it reports upload progress.
 * Rejects with UploadError: a wrong extension or invalid UTF-8 before sending
 * anything, otherwise the server's `{error: {id, message}}`.
 */
export async function uploadDocument(file: File, onProgress?: (progress: UploadProgress) => void): Promise<DocumentSummary> {
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
  const body = JSON.stringify({ title: titleFromFileName(file.name), text })
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', '/api/documents')
    request.setRequestHeader('Content-Type', 'application/json')
    request.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : body.length })
    request.onerror = () => reject(new UploadError('The upload failed: the server could not be reached.', 'network'))
    request.onload = () => {
      let payload: unknown = null
      try {
        payload = JSON.parse(request.responseText)
      } catch {
        // Not JSON (e.g. a proxy's error page): fall through to the status text.
      }
      if (request.status >= 200 && request.status < 300 && payload && typeof payload === 'object') {
        resolve(payload as DocumentSummary)
        return
      }
      const error = (payload as { error?: { id?: string; message?: string } } | null)?.error
      const fallback = request.status === 413 ? 'The file is too large for the server.' : `The server refused the upload (HTTP ${request.status}).`
      reject(new UploadError(error?.message ?? fallback, error?.id ?? `http-${request.status}`))
    }
    request.send(body)
  })
}
