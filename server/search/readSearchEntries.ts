/**
 * The one place the search reads a workspace Y.Doc. It goes through the export's
 * readEdition (server/export/readEdition.ts), which reads annotations and
 * comments with the client's pure-Yjs annotation store, so a quote is placed
 * exactly where editors see it. The Y.Doc code is moving to doc/ (the lead's
 * work); when it lands, only this file's import changes.
 */
import type * as Y from 'yjs'
import { buildSearchEntries, type SearchEntry } from '../../core/search'
import type { DocumentSummary } from '../documents/DocumentCatalog'
import { readEdition } from '../export/readEdition'

/** The search entries of a document as its Y.Doc holds it now. */
export function readSearchEntries(doc: Y.Doc, summary: DocumentSummary): SearchEntry[] {
  return buildSearchEntries(readEdition(doc, summary))
}
