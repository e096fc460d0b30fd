import { readFile } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ImportedEdition } from '../../core/import'
import { decodeUpload } from '../documents/decodeUpload'
import { readSource, type SourceProblem } from '../import/readSource'

/** Where a subcommand writes; tests pass their own to capture the output. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** All of standard input (a file argument "-", a password piped in); absent where there is none. */
  readStdin?(): Promise<Uint8Array>
}

export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  },
}

/** Wrong words on the command line: reported with exit code 2. */
export class CliUsageError extends Error {}

/** Largest file a subcommand reads: the detectors are linear, but a stray binary should not be decoded. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024

/** How a subcommand reads its FILE: the user's `--encoding`, if any. */
export interface ReadOptions {
  encoding?: string
}

/**
 * Reads a file as the CLIs see it, in any format and encoding the workspace
 * imports (server/import/readSource.ts): a .txt or .md file is its decoded text
 * (BOM removed, nothing else changed); an .html, .docx or TEI .xml file is its
 * extracted paragraphs, one a line. Every offset a CLI prints is a UTF-16 offset
 * into this string. The encoding is detected unless `options.encoding` names one.
 * Throws an Error naming the file when it is missing, too large, of uncertain
 * encoding (the message lists the candidates and --encoding), not decodable (with
 * the byte offset) or not readable in its format.
 */
export async function readTextFile(path: string, options: ReadOptions = {}): Promise<string> {
  return (await readImportFile(path, options)).text
}

/**
 * readTextFile's text with the edition it came from: the paragraphs and what the
 * file carried beside them (a .docx's comments, a Variorum TEI's annotations and
 * decisions, as offsets into the paragraphs' projection). Throws as readTextFile.
 */
export async function readImportFile(path: string, options: ReadOptions = {}): Promise<{ text: string; edition: ImportedEdition }> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`)
  }
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    throw new Error(`${path}: ${bytes.byteLength} bytes is more than the ${MAX_INPUT_BYTES}-byte limit`)
  }
  const reading = await readSource(bytes, { fileName: path, encoding: options.encoding })
  if (reading.problem || !reading.edition) throw problemError(path, reading.problem ?? { id: 'invalid-document', message: 'nothing to read' })
  const plain = (reading.format === 'txt' || reading.format === 'md') && reading.text !== null
  return { text: plain ? reading.text! : reading.edition.paragraphs.join('\n'), edition: reading.edition }
}

/**
 * Decodes bytes that are not a file (standard input) as readTextFile decodes a
 * text file: the encoding detected unless `options.encoding` names one, a BOM
 * removed. Throws an Error naming `label` as readTextFile does.
 */
export function decodeText(bytes: Uint8Array, label: string, options: ReadOptions = {}): string {
  const decoded = decodeUpload(bytes, options.encoding)
  if (!decoded.ok) throw problemError(label, decoded.problem)
  return decoded.text
}

/** The Error a CLI reports for a file it cannot read, with the way out when the encoding is uncertain. */
function problemError(label: string, problem: SourceProblem): Error {
  const hint = problem.id === 'encoding-uncertain' ? '; name it with --encoding NAME' : ''
  return new Error(`${label}: ${problem.message.replace(/; choose one$/, '')}${hint}`)
}

/** The --encoding option every subcommand that reads a file takes. */
export const ENCODING_OPTION = { encoding: { type: 'string' } } as const

/** Usage line of --encoding, for each subcommand's help. */
export const ENCODING_USAGE = '  --encoding NAME      read FILE in this encoding (UTF-8, GB18030, Big5, Shift_JIS, EUC-KR,\n                       UTF-16LE, windows-1252, ISO-8859-2…) instead of the detected one\n'

/**
 * Checks a [start, end] range of a text of `length` code units read from `path`;
 * CliUsageError (exit 2) naming `label` (the option as typed) when start is after
 * end or end is past the text.
 */
export function checkRange(label: string, start: number, end: number, length: number, path: string): [number, number] {
  if (start > end) throw new CliUsageError(`${label}: start is after end`)
  if (end > length) throw new CliUsageError(`${label}: end is past the end of ${path} (${length} code units)`)
  return [start, end]
}

/** node:util parseArgs with usage errors turned into CliUsageError. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
}

/** The `--help` / `-h` flag every subcommand takes. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const

/**
 * A subcommand's arguments parsed with `--help`/`-h` added: null once `usage` is
 * printed for --help (the command then exits 0). Throws CliUsageError, with the
 * usage, for unknown options or when not exactly one FILE is given.
 */
export function parseFileCommand<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string, io: CliIo) {
  const parsed = parseCliArgs(args, { ...options, ...HELP_OPTION })
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(usage)
    return null
  }
  if (parsed.positionals.length !== 1) throw new CliUsageError(`expected one FILE, got ${parsed.positionals.length}\n${usage}`)
  return parsed
}
