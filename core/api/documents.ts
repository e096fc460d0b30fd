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
  /** Encoding of the bytes the document was imported from ("GB18030", "UTF-16LE"…), null when unknown (JSON text, .docx). */
  sourceEncoding: string | null
  /** Format of the imported file (txt, md, html, docx, tei), null when unknown. */
  sourceFormat: string | null
}

/** One candidate encoding of an upload and the detector's confidence in it (0..1). */
export interface EncodingGuess {
  encoding: string
  confidence: number
}

/** What `POST /api/documents/preview` answers: how a file would be read, before anything is stored. */
export interface UploadPreview {
  /** txt, md, html, docx or tei. */
  format: string
  /** The encoding the text would be decoded with (the chosen one, else the detected one); null for .docx, or when the server asks the user to choose. */
  encoding: string | null
  /** The detector's confidence in its best guess, 0..1; null for .docx. */
  confidence: number | null
  /** The detector's best guess, null for .docx. */
  detected: EncodingGuess | null
  /** Other plausible encodings, most likely first. */
  alternatives: EncodingGuess[]
  /** The start of the text as it would be stored (paragraphs apart by a blank line, up to 2,000 characters); null when the file cannot be read. */
  preview: string | null
  paragraphs: number
  annotations: number
  decisions: number
  /** Why the upload would be refused, as the upload's error would say it (`offset`: a byte offset into the file); null when it would be accepted. */
  problem: { id: string; message: string; offset?: number } | null
}

/** What `POST /api/documents/:id/annotations/import` answers. */
export interface ImportReport {
  imported: number
  /** Ids of the annotations written, in input order. */
  ids: string[]
  unanchored: UnanchoredAnnotation[]
  errors: string[]
}
