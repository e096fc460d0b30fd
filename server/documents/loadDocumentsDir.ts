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
 * error; an unreadable or undecodable file (decodeUpload) is logged and skipped, so one bad file
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
      const decoded = decodeUpload(readFileSync(join(dir, name)))
      if (!decoded.ok) throw new ApiError(decoded.problem.id, decoded.problem.message, decoded.problem.offset)
      const source = { encoding: decoded.encoding, format: /\.md$/i.test(name) ? 'md' : 'txt' }
      const result = createDocument(catalog, persistence, { text: decoded.text, fileName: name, source })
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
