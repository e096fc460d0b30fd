import type { UnanchoredAnnotation } from '../export/importWebAnnotations'

/*
 * The HTTP API's shapes, defined once for the server that writes them and the
 * client that reads them (they had drifted apart when each side kept its own).
 */

/** A workspace document as `GET /api/documents` lists it. */
export interface DocumentSummary {
  /** Stable id: a slug of the file name or title, or `doc-<hash>` when no slug is possible. */
  id: string
  title: string
  /** ISO 8601 time of creation. */
  createdAt: string
  /** SHA-256 (hex) of the projection the document was created from; the idempotency key. */
  sourceHash: string
  /** Length of the projection in UTF-16 code units, as of the last time the server stored it. */
  characters: number
}

/** What `POST /api/documents/:id/annotations/import` answers. */
export interface ImportReport {
  imported: number
  /** Ids of the annotations written, in input order. */
  ids: string[]
  unanchored: UnanchoredAnnotation[]
  errors: string[]
}
