import { alignWitnesses, proposeComparisons, type AlignedSegment, type Alignment } from '../../core/align'
import { isWide } from '../../core/text'
import { ALIGN_OPTION_SPECS, ALIGN_OPTION_USAGE, alignOptionsFrom } from './alignOptions'
import { CliUsageError, checkRange, ENCODING_OPTION, ENCODING_USAGE, parseCliArgs, readTextFile, type CliIo } from './io'

const USAGE = `usage: variorum compare A.txt B.txt [--a START:END] [--b START:END] [--json]
       variorum compare FILE --a START:END --b START:END [--json]
       variorum compare FILE --propose [--json]

Aligns two versions of a passage: equal, replaced, inserted, deleted and moved text.
  --a, --b START:END   compare only this range of witness A / B (UTF-16 offsets into
                       the file as decoded, BOM removed); with one FILE both are required
  --json               print {"segments":[{"op","a":[s,e],"b":[s,e],"move"?}],
                       "moves":[{"id","a":[s,e],"b":[s,e]}]} with offsets into the file(s)
  --propose            list the version pairs proposed inside FILE (numbered points,
                       continuation markers) instead of aligning
${ALIGN_OPTION_USAGE}${ENCODING_USAGE}`

/** Parses "START:END" against a text of `length`; CliUsageError (exit 2) when malformed or outside. */
function parseRange(option: string, value: string, length: number, path: string): [number, number] {
  const m = /^(\d+):(\d+)$/.exec(value)
  if (!m) throw new CliUsageError(`--${option} '${value}' is not START:END (two offsets, e.g. --${option} 120:480)`)
  return checkRange(`--${option} ${value}`, Number(m[1]), Number(m[2]), length, path)
}

/** Terminal cells of a string: East Asian wide characters take two. */
function cells(text: string): number {
  let width = 0
  for (const char of text) width += isWide(char.codePointAt(0)!) ? 2 : 1
  return width
}

/** `text` fitted into `width` cells: long texts keep their start and end around "…". */
function fit(text: string, width: number): string {
  const flat = text.replace(/\r?\n/g, '⏎')
  if (cells(flat) <= width) return flat + ' '.repeat(width - cells(flat))
  const chars = Array.from(flat)
  let head = ''
  let tail = ''
  let i = 0
  let j = chars.length - 1
  while (cells(head) + cells(tail) + 1 < width - 1) {
    if (cells(head) <= cells(tail)) head += chars[i++]
    else tail = chars[j--] + tail
  }
  const line = `${head}…${tail}`
  return line + ' '.repeat(Math.max(0, width - cells(line)))
}

const SIGNS: Record<AlignedSegment['op'], string> = { equal: '=', replace: '~', insert: '+', delete: '-' }
const COLUMN = 38

function report(labelA: string, a: string, labelB: string, b: string, alignment: Alignment): string {
  const rows = [`     ${fit(`A: ${labelA}`, COLUMN)} │ B: ${labelB}`, `     ${'─'.repeat(COLUMN)}─┼─${'─'.repeat(COLUMN)}`]
  for (const s of alignment.segments) {
    const tag = s.move !== undefined ? `M${s.move}` : SIGNS[s.op]
    const left = s.op === 'insert' ? '' : a.slice(s.a[0], s.a[1])
    const right = s.op === 'delete' ? '' : b.slice(s.b[0], s.b[1])
    rows.push(`${tag.padEnd(4)} ${fit(left, COLUMN)} │ ${fit(right, COLUMN).trimEnd()}`)
  }
  const counts = { equal: 0, replace: 0, insert: 0, delete: 0 }
  for (const s of alignment.segments) if (s.move === undefined) counts[s.op]++
  rows.push('', 'legend: = same in both, ~ changed, - only in A, + only in B, Mn moved passage n (shown at its place in A and in B)')
  rows.push(`${counts.equal} equal, ${counts.replace} changed, ${counts.delete} only in A, ${counts.insert} only in B, ${alignment.moves.length} moved`)
  for (const m of alignment.moves) {
    rows.push(`  M${m.id}: A ${m.a[0]}–${m.a[1]} → B ${m.b[0]}–${m.b[1]}  "${fit(a.slice(m.a[0], m.a[1]), 40).trimEnd()}"`)
  }
  return `${rows.join('\n')}\n`
}

/** Segment and move offsets shifted from witness-relative to file offsets. */
function shift(alignment: Alignment, da: number, db: number): Alignment {
  const move = (r: [number, number], d: number): [number, number] => [r[0] + d, r[1] + d]
  return {
    segments: alignment.segments.map((s) => {
      const out: AlignedSegment = { op: s.op, a: move(s.a, da), b: move(s.b, db) }
      if (s.move !== undefined) out.move = s.move
      return out
    }),
    moves: alignment.moves.map((m) => ({ id: m.id, a: move(m.a, da), b: move(m.b, db) })),
  }
}

/**
 * `variorum compare`: aligns two files, or two ranges of one file, and prints the
 * segments (JSON or a side-by-side report). Exit 0 on success, 1 when a file cannot
 * be read (missing, undecodable), 2 on bad usage (including a malformed or
 * out-of-range --a/--b).
 */
export async function compare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    a: { type: 'string' },
    b: { type: 'string' },
    json: { type: 'boolean' },
    propose: { type: 'boolean' },
    ...ALIGN_OPTION_SPECS,
    help: { type: 'boolean', short: 'h' },
    ...ENCODING_OPTION,
  })
  if (values.help) {
    io.stdout(USAGE)
    return 0
  }
  if (positionals.length < 1 || positionals.length > 2) {
    throw new CliUsageError(`expected A.txt B.txt or one FILE with --a and --b, got ${positionals.length} files\n${USAGE}`)
  }
  const options = alignOptionsFrom(values)
  if (values.propose) {
    if (positionals.length !== 1) throw new CliUsageError('--propose takes one FILE')
    const text = await readTextFile(positionals[0], { encoding: values.encoding })
    const proposals = proposeComparisons(text)
    if (values.json) io.stdout(`${JSON.stringify({ proposals })}\n`)
    else if (proposals.length === 0) io.stdout(`${positionals[0]}: no version pairs found\n`)
    else io.stdout(proposals.map((p) => `${p.reason}: ${p.label}\n  --a ${p.a.start}:${p.a.end} --b ${p.b.start}:${p.b.end}\n`).join(''))
    return 0
  }
  const [pathA, pathB = pathA] = positionals
  if (positionals.length === 1 && (values.a === undefined || values.b === undefined)) {
    throw new CliUsageError(`with one FILE, give both --a START:END and --b START:END (or --propose to find them)\n${USAGE}`)
  }
  const textA = await readTextFile(pathA, { encoding: values.encoding })
  const textB = pathB === pathA ? textA : await readTextFile(pathB, { encoding: values.encoding })
  const rangeA = values.a === undefined ? [0, textA.length] as [number, number] : parseRange('a', values.a, textA.length, pathA)
  const rangeB = values.b === undefined ? [0, textB.length] as [number, number] : parseRange('b', values.b, textB.length, pathB)
  const a = textA.slice(...rangeA)
  const b = textB.slice(...rangeB)
  const alignment = alignWitnesses(a, b, options)
  if (values.json) {
    io.stdout(`${JSON.stringify(shift(alignment, rangeA[0], rangeB[0]))}\n`)
  } else {
    const label = (path: string, r: [number, number], length: number) => (r[0] === 0 && r[1] === length ? path : `${path} ${r[0]}:${r[1]}`)
    io.stdout(report(label(pathA, rangeA, textA.length), a, label(pathB, rangeB, textB.length), b, alignment))
  }
  return 0
}
