import { writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type * as Y from 'yjs'
import { findingsToAnnotations, type Annotation, type CheckFinding, type Decision, type DuplicateClusterFinding } from '../../core/annotations'
import { EXPORT_FORMATS, exportEdition as renderEdition, importWebAnnotations, isExportFormat, type ExportFormat } from '../../core/export'
import { buildSourceMap } from '../../core/text'
import { FULL_SELECTION, readEdition, versionDoc } from '../../doc'
import { ApiError } from '../errors'
import { parseVersionId, readVersion } from '../history/readVersion'
import { openDataFolder } from './dataFolder'
import { CliUsageError, ENCODING_OPTION, ENCODING_USAGE, parseFileCommand, readImportFile, readTextFile, type CliIo } from './io'

const USAGE = `usage: variorum export FILE --format ${EXPORT_FORMATS.join('|')} [--annotations FILE.jsonld] [--out PATH] [--title T]
       variorum export DOC --version N|now [--data DIR] --format F [--out PATH]

Exports FILE (one paragraph a line) as an annotated edition; or, with --version,
workspace document DOC as it was at version N (see variorum history) or now, with
its annotations and decisions, read from the data folder (--data, else
VARIORUM_DATA_DIR, else ./data).
  --format F          tei (TEI P5 XML), w3c (Web Annotation JSON-LD), html (one
                      self-contained page), md (Markdown with footnotes), txt (clean text)
  --annotations FILE  W3C Web Annotation JSON-LD to anchor onto the text (those that
                      cannot be anchored are listed on standard error); without it the
                      file's own annotations (a .docx's comments, a Variorum TEI's
                      annotations and decisions) are exported, and for a file without
                      any the duplicate and check engines run and their findings are
                      exported
  --out PATH          write there instead of standard output
  --title T           the edition's title (default: the file name)
${ENCODING_USAGE}`

type Engines = {
  findDuplicates?: (text: string) => { clusters: DuplicateClusterFinding[] }
  runChecks?: (text: string) => CheckFinding[]
}

/** Loads the engines if they are there; each missing one is reported, not fatal. */
async function loadEngines(io: CliIo): Promise<Engines> {
  const engines: Engines = {}
  try {
    engines.findDuplicates = (await import('../../core/duplicates')).findDuplicates
  } catch (error) {
    io.stderr(`variorum export: duplicate detection unavailable (${error instanceof Error ? error.message : String(error)})\n`)
  }
  try {
    engines.runChecks = (await import('../../core/checks')).runChecks
  } catch (error) {
    io.stderr(`variorum export: checks unavailable (${error instanceof Error ? error.message : String(error)})\n`)
  }
  return engines
}

/**
 * `variorum export FILE --format F [--annotations FILE.jsonld] [--out PATH] [--title T]`:
 * exit 0 with the edition written, 1 when a file cannot be read or written or the
 * annotations are not JSON, 2 on bad usage.
 */
export async function exportEdition(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFileCommand(args, {
    format: { type: 'string', short: 'f' },
    annotations: { type: 'string' },
    out: { type: 'string', short: 'o' },
    title: { type: 'string' },
    version: { type: 'string' },
    data: { type: 'string' },
    ...ENCODING_OPTION,
  }, USAGE, io)
  if (!parsed) return 0
  const { values, positionals } = parsed
  const format = values.format as string | undefined
  if (format === undefined) throw new CliUsageError(`--format is required (${EXPORT_FORMATS.join(', ')})\n${USAGE}`)
  if (!isExportFormat(format)) throw new CliUsageError(`unknown format '${format}'; expected one of ${EXPORT_FORMATS.join(', ')}`)

  const version = values.version as string | undefined
  if (version !== undefined) return writeOutput(io, format, await exportVersion(positionals[0], version, values.data as string | undefined, format), values.out as string | undefined, 'edition')
  if (values.data !== undefined) throw new CliUsageError('--data needs --version N|now')

  const path = positionals[0]
  const source = await readImportFile(path, { encoding: values.encoding })
  const { projection } = buildSourceMap(source.text)
  let annotations: Annotation[]
  let decisions: Decision[] = []
  const annotationsPath = values.annotations as string | undefined
  if (annotationsPath !== undefined) {
    const raw = await readTextFile(annotationsPath)
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (error) {
      throw new Error(`${annotationsPath}: not JSON (${error instanceof Error ? error.message : String(error)})`)
    }
    const imported = importWebAnnotations(json, projection)
    annotations = imported.annotations
    for (const u of imported.unanchored) {
      const quote = u.quote.length > 40 ? `${u.quote.slice(0, 40)}…` : u.quote
      io.stderr(`variorum export: unanchored ${u.id}: ${u.reason}${quote ? ` "${quote.replace(/\s+/g, ' ')}"` : ''}\n`)
    }
    for (const e of imported.errors) io.stderr(`variorum export: skipped ${e}\n`)
    if (imported.unanchored.length || imported.errors.length) {
      io.stderr(`variorum export: ${annotations.length} anchored, ${imported.unanchored.length} unanchored, ${imported.errors.length} invalid\n`)
    }
  } else if (source.edition.annotations.length > 0 || source.edition.decisions.length > 0) {
    // The file's own annotations (Word comments, a TEI export's), on the same projection.
    annotations = source.edition.annotations
    decisions = source.edition.decisions
  } else {
    const engines = await loadEngines(io)
    annotations = findingsToAnnotations(projection, engines.findDuplicates?.(projection) ?? null, engines.runChecks?.(projection) ?? null, {
      author: 'variorum',
      created: new Date().toISOString(),
    })
  }

  const name = basename(path).replace(/\.[^.]+$/, '')
  const output = renderEdition(format, {
    title: (values.title as string | undefined) ?? name,
    projection,
    annotations,
    decisions,
    types: source.edition.types,
    metadata: { source: basename(path), id: name, date: new Date().toISOString().slice(0, 10) },
  })
  return writeOutput(io, format, output, values.out as string | undefined, `${annotations.length} annotations`)
}

/** Writes the edition to `out`, or to standard output when absent. */
async function writeOutput(io: CliIo, format: string, output: string, out: string | undefined, summary: string): Promise<number> {
  if (out === undefined) {
    io.stdout(output)
    return 0
  }
  try {
    await writeFile(out, output)
  } catch (error) {
    throw new Error(`${out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  io.stderr(`variorum export: wrote ${out} (${format}, ${summary})\n`)
  return 0
}

/** The edition of workspace document `id` at version `version` (or `now`), read from the data folder. */
async function exportVersion(id: string, version: string, dataDir: string | undefined, format: ExportFormat): Promise<string> {
  const folder = await openDataFolder(dataDir)
  try {
    const document = await folder.document(id)
    const read = (doc: Y.Doc) => renderEdition(format, readEdition(doc, document, FULL_SELECTION))
    if (version === 'now') {
      const state = await folder.store.fetch(document.id)
      if (!state) throw new Error(`document '${id}' has no stored content`)
      const doc = versionDoc(state)
      try {
        return read(doc)
      } finally {
        doc.destroy()
      }
    }
    try {
      return await readVersion(folder.history, document.id, parseVersionId(version), read)
    } catch (error) {
      if (error instanceof ApiError) throw new Error(`${error.message}; see variorum history ${id}`)
      throw error
    }
  } finally {
    await folder.close()
  }
}
