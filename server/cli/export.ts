import { writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { findingsToAnnotations, type Annotation, type CheckFinding, type Decision, type DuplicateClusterFinding } from '../../core/annotations'
import { EXPORT_FORMATS, exportEdition as renderEdition, importWebAnnotations, isExportFormat } from '../../core/export'
import { buildSourceMap } from '../../core/text'
import { CliUsageError, ENCODING_OPTION, ENCODING_USAGE, parseCliArgs, readImportFile, readTextFile, type CliIo } from './io'

const USAGE = `usage: variorum export FILE --format ${EXPORT_FORMATS.join('|')} [--annotations FILE.jsonld] [--out PATH] [--title T]

Exports FILE (one paragraph a line) as an annotated edition.
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
  const { values, positionals } = parseCliArgs(args, {
    format: { type: 'string', short: 'f' },
    annotations: { type: 'string' },
    out: { type: 'string', short: 'o' },
    title: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...ENCODING_OPTION,
  })
  if (values.help) {
    io.stdout(USAGE)
    return 0
  }
  if (positionals.length !== 1) throw new CliUsageError(`expected one FILE, got ${positionals.length}\n${USAGE}`)
  const format = values.format as string | undefined
  if (format === undefined) throw new CliUsageError(`--format is required (${EXPORT_FORMATS.join(', ')})\n${USAGE}`)
  if (!isExportFormat(format)) throw new CliUsageError(`unknown format '${format}'; expected one of ${EXPORT_FORMATS.join(', ')}`)

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
  const out = values.out as string | undefined
  if (out === undefined) {
    io.stdout(output)
    return 0
  }
  try {
    await writeFile(out, output)
  } catch (error) {
    throw new Error(`${out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  io.stderr(`variorum export: wrote ${out} (${format}, ${annotations.length} annotations)\n`)
  return 0
}
