import { readFile } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Where a subcommand writes; tests pass their own to capture the output. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Everything on standard input (e.g. a password piped in); absent where there is none. */
  stdin?(): Promise<string>
}

export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
}

/** Wrong words on the command line: reported with exit code 2. */
export class CliUsageError extends Error {}

/** Largest file a subcommand reads: the detectors are linear, but a stray binary should not be decoded. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024

/**
 * Reads a text file as the CLIs see it: strict UTF-8, a leading BOM removed,
 * nothing else changed. Every offset a CLI prints is a UTF-16 offset into this string.
 * Throws an Error naming the file when it is missing, too large or not UTF-8.
 */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`)
  }
  return decodeText(bytes, path)
}

/** Decodes bytes as strict UTF-8 with the BOM removed; throws an Error naming `label` otherwise. */
export function decodeText(bytes: Uint8Array, label: string): string {
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    throw new Error(`${label}: ${bytes.byteLength} bytes is more than the ${MAX_INPUT_BYTES}-byte limit`)
  }
  if (bytes.includes(0)) throw new Error(`${label}: not a text file (contains NUL bytes)`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw new Error(`${label}: not valid UTF-8; convert it to UTF-8 first`)
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** node:util parseArgs with usage errors turned into CliUsageError. */
export function parseCliArgs<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
}
