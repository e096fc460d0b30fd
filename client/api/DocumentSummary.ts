/** A workspace document as `GET /api/documents` lists it. */
export interface DocumentSummary {
  id: string
  title: string
  createdAt?: string
  sourceHash?: string
  /** Length of the plain-text projection, in UTF-16 code units. */
  characters?: number
  /** Encoding of the bytes it was imported from ("GB18030"…), null when unknown (pasted text, .docx). */
  sourceEncoding?: string | null
  /** Format of the imported file: txt, md, html, docx or tei; null when unknown. */
  sourceFormat?: string | null
}
