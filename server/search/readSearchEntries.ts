/**
 * The one place the search reads a workspace Y.Doc: through the export's
 * readEdition (doc/edition), which resolves every annotation on the current
 * text once, so a quote is placed exactly where editors see it.
 */
import type * as Y from 'yjs'
import { buildSearchEntries, type SearchEntry } from '../../core/search'
import { readEdition, type EditionSource } from '../../doc'

/** The search entries of a document as its Y.Doc holds it now. */
export function readSearchEntries(doc: Y.Doc, summary: EditionSource): SearchEntry[] {
  return buildSearchEntries(readEdition(doc, summary))
}
