/** A workspace document as `GET /api/documents` lists it. */
export interface DocumentSummary {
  id: string
  title: string
  createdAt?: string
  sourceHash?: string
  /** Length of the plain-text projection, in UTF-16 code units. */
  characters?: number
}
