import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '../errors'
import type { SqlitePersistence } from '../persistence/SqlitePersistence'
import { createDocument } from './createDocument'
import type { DocumentCatalog } from './DocumentCatalog'
import { decodeUpload } from './decodeUpload'

/**
 * Turns every `.txt` and `.md` file directly in `dir` into a workspace document,
 * idempotently (createDocument keys on content). A missing directory is no
 * error; an unreadable or non-UTF-8 file is logged and skipped, so one bad file
 * does not keep the workspace from starting. Returns the ids created.
 */
export function loadDocumentsDir(
  catalog: DocumentCatalog,
  persistence: SqlitePersistence,
  dir: string,
  log: (line: string) => void,
): string[] {
  let names: string[]
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(txt|md)$/i.test(entry.name))
      .map((entry) => entry.name)
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const created: string[] = []
  for (const name of names) {
    try {
      const text = decodeUpload(readFileSync(join(dir, name)))
      const result = createDocument(catalog, persistence, { text, fileName: name })
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
