import { readFile } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ImportedEdition } from '../../core/import'
import { readSource } from '../import/readSource'

/** Where a subcommand writes; tests pass their own to capture the output. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
}

export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
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
  if (reading.problem || !reading.edition) {
    const message = reading.problem?.message.replace(/; choose one$/, '') ?? 'nothing to read'
    const hint = reading.problem?.id === 'encoding-uncertain' ? '; name it with --encoding NAME' : ''
    throw new Error(`${path}: ${message}${hint}`)
  }
  const plain = (reading.format === 'txt' || reading.format === 'md') && reading.text !== null
  return { text: plain ? reading.text! : reading.edition.paragraphs.join('\n'), edition: reading.edition }
}

/** The --encoding option every subcommand that reads a file takes. */
export const ENCODING_OPTION = { encoding: { type: 'string' } } as const

/** Usage line of --encoding, for each subcommand's help. */
export const ENCODING_USAGE = '  --encoding NAME      read FILE in this encoding (UTF-8, GB18030, Big5, Shift_JIS, EUC-KR,\n                       UTF-16LE, windows-1252, ISO-8859-2…) instead of the detected one\n'

/** node:util parseArgs with usage errors turned into CliUsageError. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
}
