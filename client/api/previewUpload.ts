import { UploadError } from './uploadDocument'

/** One candidate encoding and the detector's confidence in it (0..1). */
export interface EncodingGuess {
  encoding: string
  confidence: number
}

/** How the server would read a file (`POST /api/documents/preview`), before anything is stored. */
export interface UploadPreview {
  /** txt, md, html, docx or tei. */
  format: string
  /** The encoding the text would be decoded with; null for .docx, or when the server asks the user to choose. */
  encoding: string | null
  /** The detector's confidence in its best guess, 0..1; null for .docx. */
  confidence: number | null
  /** The detector's best guess, null for .docx. */
  detected: EncodingGuess | null
  /** Other plausible encodings, most likely first. */
  alternatives: EncodingGuess[]
  /** The start of the text as it would be stored (paragraphs apart by a blank line), null when the file cannot be read. */
  preview: string | null
  paragraphs: number
  annotations: number
  decisions: number
  /** Why the upload would be refused (`encoding-uncertain` asks to choose an encoding), null when it would be accepted. */
  problem: { id: string; message: string; offset?: number } | null
}

/**
 * Asks the server how it would read `file` (in `encoding` when given, else the
 * detected one): format, encoding, confidence, alternatives and the start of the
 * text. Rejects with UploadError when the server refuses the request itself (too
 * large, connection lost); a file that would be refused resolves with `problem`.
 */
export async function previewUpload(file: File, encoding?: string): Promise<UploadPreview> {
  const query = new URLSearchParams({ fileName: file.name })
  if (encoding) query.set('encoding', encoding)
  let response: Response
  try {
    response = await fetch(`/api/documents/preview?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file })
  } catch {
    throw new UploadError('The preview failed: the connection to the server was lost.', 'network')
  }
  const payload = (await response.json().catch(() => null)) as (UploadPreview & { error?: { id: string; message: string } }) | null
  if (response.ok && payload) return payload
  const fallback = response.status === 413 ? 'The file is too large for the server.' : `The server refused the preview (HTTP ${response.status}).`
  throw new UploadError(payload?.error?.message ? `The server refused “${file.name}”: ${payload.error.message}.` : fallback, payload?.error?.id ?? `http-${response.status}`)
}
