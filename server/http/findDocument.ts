import { ApiError } from '../errors'
import type { DocumentCatalog, DocumentSummary } from '../documents/DocumentCatalog'

/**
 * The catalogue entry of the document named by a route's raw (URI-encoded) id.
 * A malformed encoding is taken literally. Throws ApiError 'document-not-found'.
 */
export function findDocument(catalog: DocumentCatalog, rawId: string): DocumentSummary {
  let id: string
  try {
    id = decodeURIComponent(rawId)
  } catch {
    id = rawId
  }
  const document = catalog.get(id)
  if (!document) throw new ApiError('document-not-found', `no document with id '${id}'`)
  return document
}
