import { visibleControls } from '../../core/text'
import type { UploadPreview } from '../../core/api'
import { UploadError } from './uploadDocument'

export type { UploadPreview }

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
  throw new UploadError(payload?.error?.message ? `The server refused “${visibleControls(file.name)}”: ${payload.error.message}.` : fallback, payload?.error?.id ?? `http-${response.status}`)
}
