import { createDocument, type CreatedDocument } from '../documents/createDocument'
import { ApiError } from '../errors'
import type { DocumentStore } from '../persistence/DocumentStore'
import { readSource, type SourceOptions, type SourceReading } from './readSource'
import { writeImportedEdition } from './writeImportedEdition'

/** What importing a file gives: the document and the annotations the file carried but that were not written. */
export interface ImportedDocument extends CreatedDocument {
  format: string
  encoding: string | null
  skipped: { id: string; reason: string }[]
}

/**
 * Turns a file's bytes into a workspace document (readSource, then createDocument
 * with the file's annotations and decisions written into the same first state),
 * recording the source's encoding and format in the catalog. The file's own name
 * for the document (a Variorum TEI's <idno>) gives the id before `fileName`.
 * Throws ApiError with the problem's id (and byte offset) when the file cannot be
 * read; nothing is stored then.
 */
export async function importDocument(
  store: DocumentStore,
  bytes: Uint8Array,
  options: Omit<SourceOptions, 'now'> & {
    title?: string
    now?: () => Date
    /** See NewDocument.newOverTrash: true for uploads. */
    newOverTrash?: boolean
    /** How to read the bytes: readSource here, or the same in the import worker (ImportWorker). */
    read?: (bytes: Uint8Array, options: SourceOptions) => Promise<SourceReading>
  },
): Promise<ImportedDocument> {
  const now = options.now ?? (() => new Date())
  const { read = readSource, title: _title, now: _now, newOverTrash, ...sourceOptions } = options
  const reading = await read(bytes, { ...sourceOptions, now: now().toISOString() })
  if (reading.problem || !reading.edition) {
    const problem = reading.problem ?? { id: 'invalid-document' as const, message: 'nothing to import' }
    throw new ApiError(problem.id, problem.message, problem.offset)
  }
  const edition = reading.edition
  let skipped: { id: string; reason: string }[] = []
  const created = await createDocument(
    store,
    {
      text: edition.paragraphs.join('\n'),
      title: options.title ?? edition.title ?? undefined,
      fileName: edition.name ?? options.fileName,
      source: { encoding: reading.encoding, format: reading.format },
      newOverTrash,
      annotate: edition.annotations.length || edition.decisions.length || edition.types.length ? (doc) => (skipped = writeImportedEdition(doc, edition)) : undefined,
    },
    now,
  )
  return { ...created, format: reading.format, encoding: reading.encoding, skipped }
}
