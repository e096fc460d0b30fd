import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '../errors'
import { importDocument } from '../import/importDocument'
import { FORMAT_EXTENSIONS } from '../import/sourceFormat'
import type { DocumentStore } from '../persistence/DocumentStore'

/** Endings of the files a documents directory offers: every format the upload takes. */
const DOCUMENT_ENDINGS = Object.values(FORMAT_EXTENSIONS).flat()

/**
 * Turns every file directly in `dir` whose ending names an import format (.txt,
 * .md, .html, .docx, TEI .xml…) into a workspace document, as an upload does
 * (importDocument: encoding detected, the file's annotations kept), idempotently
 * (createDocument keys on content). A missing directory is no error; an
 * unreadable file, or one the import refuses (uncertain or bad encoding, broken
 * format), is logged and skipped, so one bad file does not keep the workspace
 * from starting. Returns the ids created.
 */
export async function loadDocumentsDir(
  store: DocumentStore,
  dir: string,
  log: (line: string) => void,
): Promise<string[]> {
  let names: string[]
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && DOCUMENT_ENDINGS.some((ending) => entry.name.toLowerCase().endsWith(ending)))
      .map((entry) => entry.name)
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const created: string[] = []
  for (const name of names) {
    try {
      const result = await importDocument(store, readFileSync(join(dir, name)), { fileName: name })
      if (result.created) {
        created.push(result.document.id)
        log(`loaded ${name} as document ${result.document.id}`)
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      log(`skipped ${name}: ${error.message}`)
    }
  }
  return created
}
