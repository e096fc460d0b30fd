/**
 * The client side of the export/import API (server/http/exportRoutes.ts): the
 * export URL for a choice of format and contents, the download itself, and the
 * annotation import. No Vue, so the dialog stays about the form.
 */

import type { ImportReport } from '../../../core/api'
import type { ExportFormat } from '../../../core/export/exportEdition'

export type { ImportReport }
export type EditionFormat = ExportFormat

/** The formats in the order the dialog offers them, each with one line on what it is for. */
export const EDITION_FORMATS: ReadonlyArray<{ id: EditionFormat; label: string; description: string }> = [
  { id: 'html', label: 'HTML page', description: 'One self-contained page to read or print: the text with highlighted annotations, notes and an apparatus.' },
  { id: 'tei', label: 'TEI P5 XML', description: 'For scholarly editions: annotations stand-off, variants as <app>, fixes as <choice>; valid TEI P5.' },
  { id: 'w3c', label: 'W3C Web Annotations', description: 'JSON-LD annotations with quote and position selectors, to re-import or use in other annotation tools.' },
  { id: 'md', label: 'Markdown', description: 'The text with footnotes for the annotations, for notes and quick review.' },
  { id: 'txt', label: 'Clean text', description: 'The edited reading: fixes and accepted suggestions applied, repeated passages removed.' },
]

export interface EditionChoice {
  format: EditionFormat
  annotations: boolean
  duplicates: boolean
  decisions: boolean
  /** Only these annotation types; null = all. */
  types: string[] | null
  status: 'all' | 'open' | 'resolved'
}

/** `/api/documents/<id>/export?…` for a choice; parameters left at their defaults are omitted. */
export function exportUrl(documentId: string, choice: EditionChoice): string {
  const params = new URLSearchParams({ format: choice.format })
  const include = (['annotations', 'duplicates', 'decisions'] as const).filter((k) => choice[k])
  if (include.length < 3) params.set('include', include.join(','))
  if (choice.types) params.set('types', choice.types.join(','))
  if (choice.status !== 'all') params.set('status', choice.status)
  return `/api/documents/${encodeURIComponent(documentId)}/export?${params}`
}

/** The message of an API error body, or a generic one naming the status. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } }
    if (body.error?.message) return body.error.message
  } catch {
    // not JSON: fall through
  }
  return `the server answered ${response.status} ${response.statusText}`.trim()
}

/**
 * Fetches the edition and hands it to the browser as a download (through a blob
 * URL, so a failure is reported in the dialog instead of navigating to an error
 * page). Resolves with the file name; rejects with an Error whose message says why.
 */
export async function downloadEdition(url: string, fallbackName: string): Promise<string> {
  let response: Response
  try {
    response = await fetch(url)
  } catch {
    throw new Error('The server cannot be reached. The export needs a connection.')
  }
  if (!response.ok) throw new Error(await errorMessage(response))
  const disposition = response.headers.get('content-disposition') ?? ''
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName
  const blob = await response.blob()
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = name
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked later: Chromium reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return name
}


/** Posts a W3C Web Annotation file to the import endpoint; rejects with the server's message. */
export async function importAnnotations(documentId: string, file: Blob): Promise<ImportReport> {
  let response: Response
  try {
    response = await fetch(`/api/documents/${encodeURIComponent(documentId)}/annotations/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/ld+json' },
      body: file,
    })
  } catch {
    throw new Error('The server cannot be reached. The import needs a connection.')
  }
  if (!response.ok) throw new Error(await errorMessage(response))
  return (await response.json()) as ImportReport
}
