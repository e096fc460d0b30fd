/**
 * `variorum duplicates FILE [--json] [--min-length N]`: the passages of one text
 * file that occur more than once. Offsets are UTF-16 code units into the file's
 * text as decoded (BOM removed, nothing else changed; an .html, .docx or TEI file's
 * paragraphs one a line), `end` exclusive.
 */
import { findDuplicates, type DuplicateCluster } from '../../core/duplicates'
import { paragraphAt, splitLines } from '../../core/text'
import { CliUsageError, ENCODING_OPTION, ENCODING_USAGE, parseFileCommand, readTextFile, type CliIo } from './io'

const USAGE = `usage: variorum duplicates FILE [--json] [--min-length N] [--encoding NAME]\n${ENCODING_USAGE}`

/** Longest quote shown per occurrence in the readable report, in characters. */
const QUOTE_LENGTH = 60

export async function duplicates(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFileCommand(args, {
    json: { type: 'boolean' },
    'min-length': { type: 'string' },
    ...ENCODING_OPTION,
  }, USAGE, io)
  if (!parsed) return 0
  const { values, positionals } = parsed
  let minLength: number | undefined
  if (values['min-length'] !== undefined) {
    const raw = values['min-length']
    minLength = /^\d+$/.test(raw) ? Number(raw) : NaN
    if (!Number.isSafeInteger(minLength) || minLength < 1) throw new CliUsageError(`--min-length must be a positive integer, not '${raw}'`)
  }
  const path = positionals[0]
  const text = await readTextFile(path, { encoding: values.encoding })
  const report = findDuplicates(text, { minLength })
  if (values.json) {
    const clusters = report.clusters.map((c) => ({
      kind: c.kind,
      similarity: c.similarity,
      occurrences: c.occurrences.map((o) => ({ start: o.start, end: o.end })),
      pairs: c.pairs.map((p) => ({ a: p.a, b: p.b, similarity: p.similarity })),
    }))
    io.stdout(`${JSON.stringify({ clusters })}\n`)
    return 0
  }
  io.stdout(readableReport(path, text, report.clusters))
  return 0
}

function readableReport(path: string, text: string, clusters: DuplicateCluster[]): string {
  const passages = clusters.filter((c) => c.kind !== 'boilerplate')
  const boilerplate = clusters.filter((c) => c.kind === 'boilerplate')
  // Line numbers as editors count them: every line break of core/text (CR files too).
  const lines = splitLines(text)
  const lineOf = (offset: number): number => paragraphAt(lines, offset) + 1
  const quote = (start: number, end: number): string => {
    const flat = text.slice(start, Math.min(end, start + QUOTE_LENGTH * 2)).replace(/\s*[\r\n]+\s*/g, ' ¶ ')
    const chars = Array.from(flat)
    return chars.length > QUOTE_LENGTH || end - start > QUOTE_LENGTH * 2 ? `${chars.slice(0, QUOTE_LENGTH).join('')}…` : flat
  }
  const describe = (c: DuplicateCluster, n: number): string => {
    const head = `${n}. ${c.kind}, similarity ${c.similarity.toFixed(2)}, ${c.occurrences.length} occurrences\n`
    const pairs = `   pairs: ${c.pairs.map((p) => `${p.a + 1}–${p.b + 1} ${p.similarity.toFixed(2)}`).join(', ')}\n`
    return head + c.occurrences.map((o, i) => {
      const lines = lineOf(o.start) === lineOf(Math.max(o.start, o.end - 1)) ? `line ${lineOf(o.start)}` : `lines ${lineOf(o.start)}–${lineOf(o.end - 1)}`
      return `   ${i + 1}. ${o.start}–${o.end} (${lines}, ${o.end - o.start} chars): “${quote(o.start, o.end)}”\n`
    }).join('') + pairs
  }
  let out = `${path}: ${passages.length} duplicated passage${passages.length === 1 ? '' : 's'}, ${boilerplate.length} boilerplate repeat${boilerplate.length === 1 ? '' : 's'}\n`
  passages.forEach((c, i) => (out += `\n${describe(c, i + 1)}`))
  if (boilerplate.length > 0) {
    out += '\nBoilerplate (formulaic repeats, not faults):\n'
    boilerplate.forEach((c, i) => (out += `\n${describe(c, i + 1)}`))
  }
  return out
}
