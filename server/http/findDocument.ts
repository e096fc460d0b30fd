import { ApiError } from '../errors'
import type { DocumentSummary } from '../documents/DocumentCatalog'
import type { DocumentStore } from '../persistence/DocumentStore'

/**
 * The catalogue entry of the document named by a route's raw (URI-encoded) id.
 * A malformed encoding is taken literally. Throws ApiError 'document-not-found'.
 */
export async function findDocument(store: DocumentStore, rawId: string): Promise<DocumentSummary> {
  let id: string
  try {
    id = decodeURIComponent(rawId)
  } catch {
    id = rawId
  }
  const document = await store.getDocument(id)
  if (!document) throw new ApiError('document-not-found', `no document with id '${id}'`)
  return document
}
