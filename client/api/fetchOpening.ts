import type { OpeningParagraphs } from '../../doc'
import { shareToken } from '../sync/shareToken'

/**
 * The paragraphs a document opens with, from the one holding projection offset `at`
 * (GET /api/documents/:id/opening): what an editor pane shows while the whole state
 * loads; null when the server does not have them at hand (204: it would have to load the
 * whole state). Throws when the server cannot be asked or refuses; gives up after `timeoutMs`.
 */
export async function fetchOpening(documentId: string, at: number, timeoutMs: number): Promise<OpeningParagraphs | null> {
  const token = shareToken()
  const response = await fetch(`/api/documents/${encodeURIComponent(documentId)}/opening?at=${Math.max(0, Math.floor(at))}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    credentials: 'same-origin',
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (response.status === 204) return null
  if (!response.ok) throw new Error(`the server answered ${response.status}`)
  const body = (await response.json()) as OpeningParagraphs
  if (!Array.isArray(body.paragraphs) || typeof body.total !== 'number') throw new Error('unexpected answer')
  return body
}
