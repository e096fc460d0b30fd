import { collateWitnesses, proposeCollations } from '../../core/align'
import { exportTei, parseCollatexInput, toCollatexTable, type EditionInput } from '../../core/export'
import { ALIGN_OPTION_SPECS, ALIGN_OPTION_USAGE, alignOptionsFrom } from './alignOptions'
import { CliUsageError, checkRange, decodeText, ENCODING_OPTION, ENCODING_USAGE, parseCliArgs, readTextFile, type CliIo, type ReadOptions } from './io'

const USAGE = `usage: variorum collate --w SIGLUM=FILE[:START:END] --w SIGLUM=FILE[:START:END] ... [options]
       variorum collate --collatex FILE|- [options]
       variorum collate --propose FILE

Collates two or more versions of a text in one alignment: what all witnesses
share, where they differ (witnesses that agree grouped), and moved passages.
  --w SIGLUM=FILE[:START:END]  a witness: a whole file, or the range START:END of it
                       (UTF-16 offsets into the file as decoded, BOM removed);
                       repeat for each witness, the first is the base
  --collatex FILE|-    read the witnesses from CollateX JSON input
                       {"witnesses":[{"id","content"}]} in FILE or on standard input
  --propose FILE       list the sets of versions found inside FILE (numbered points,
                       continuation markers) as {"proposals":[{"reason","label",
                       "witnesses":[{"start","end","label"}],"args":[…]}]}, "args"
                       being the --w options that collate the set
  --describe SIGLUM=TEXT  the witness's description in TEI (default: its file and range)
  --format json|tei    json (default): CollateX's alignment table
                       {"witnesses":[sigla],"table":[[[{"t","n"}],…],…]} plus
                       "ranges" (each cell's [start,end] in its file, or null) and
                       "moves" ({"id","places":[{"witness","range"}]}, with
                       "misplaced":true on a passage that stands in order but
                       under another heading in some witness);
                       tei: a TEI P5 edition of the base with the apparatus in back
  --title TEXT         title of the TEI edition (default "Collation of A, B, …")
${ALIGN_OPTION_USAGE}${ENCODING_USAGE}`

interface Witness { siglum: string; description: string; text: string; offset: number }

/** "SIGLUM=VALUE" split at the first "="; CliUsageError when there is none or the siglum is empty. */
function splitAssignment(option: string, value: string): [string, string] {
  const at = value.indexOf('=')
  if (at <= 0 || at === value.length - 1) throw new CliUsageError(`--${option} '${value}' is not SIGLUM=${option === 'w' ? 'FILE' : 'TEXT'}`)
  return [value.slice(0, at), value.slice(at + 1)]
}

async function fileWitness(value: string, read: ReadOptions): Promise<Witness> {
  const [siglum, rest] = splitAssignment('w', value)
  const ranged = /^(.+):(\d+):(\d+)$/.exec(rest)
  const path = ranged ? ranged[1] : rest
  const text = await readTextFile(path, read)
  if (!ranged) return { siglum, description: path, text, offset: 0 }
  const [start, end] = checkRange(`--w ${value}`, Number(ranged[2]), Number(ranged[3]), text.length, path)
  return { siglum, description: `${path} ${start}:${end}`, text: text.slice(start, end), offset: start }
}

async function collatexWitnesses(source: string, io: CliIo, read: ReadOptions): Promise<Witness[]> {
  let json: string
  if (source === '-') {
    if (!io.readStdin) throw new CliUsageError('--collatex -: there is no standard input to read')
    json = decodeText(await io.readStdin(), 'standard input', read)
  } else {
    json = await readTextFile(source, read)
  }
  const parsed = parseCollatexInput(json)
  if (!parsed.ok) throw new Error(`${source === '-' ? 'standard input' : source}: ${parsed.error}`)
  return parsed.witnesses.map((w) => ({ siglum: w.id, description: w.id, text: w.content, offset: 0 }))
}

/**
 * `variorum collate`: collates witnesses given as files or ranges (--w) or as
 * CollateX JSON input (--collatex), prints CollateX's JSON alignment table or a
 * TEI edition with the apparatus; or lists the sets of versions found inside one
 * file (--propose). Exit 0 on success, 1 when input cannot be read
 * (missing or undecodable file, CollateX JSON that is not valid), 2 on bad usage
 * (fewer than two witnesses, a repeated siglum, a malformed or out-of-range --w).
 */
export async function collate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    w: { type: 'string', multiple: true },
    collatex: { type: 'string' },
    propose: { type: 'string' },
    describe: { type: 'string', multiple: true },
    format: { type: 'string' },
    title: { type: 'string' },
    ...ALIGN_OPTION_SPECS,
    help: { type: 'boolean', short: 'h' },
    ...ENCODING_OPTION,
  })
  const read: ReadOptions = { encoding: values.encoding }
  if (values.help) {
    io.stdout(USAGE)
    return 0
  }
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument '${positionals[0]}': give witnesses as --w SIGLUM=FILE\n${USAGE}`)
  const format = values.format ?? 'json'
  if (format !== 'json' && format !== 'tei') throw new CliUsageError(`--format '${format}' is not json or tei`)
  const options = alignOptionsFrom(values)
  if (values.propose !== undefined) {
    if (values.w || values.collatex !== undefined) throw new CliUsageError('--propose takes only FILE')
    const path = values.propose
    const proposals = proposeCollations(await readTextFile(path, read)).map((p) => ({
      ...p,
      // sigla A, B, C… in document order
      args: p.witnesses.flatMap((w, i) => ['--w', `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}=${path}:${w.start}:${w.end}`]),
    }))
    io.stdout(`${JSON.stringify({ proposals })}\n`)
    return 0
  }
  const given = values.w ?? []
  if (values.collatex !== undefined && given.length > 0) throw new CliUsageError('give witnesses either as --w or as --collatex, not both')
  if (values.collatex === undefined && given.length < 2) throw new CliUsageError(`a collation needs at least two witnesses (--w SIGLUM=FILE, repeated), got ${given.length}\n${USAGE}`)
  if (values.collatex === undefined) {
    const sigla = given.map((value) => splitAssignment('w', value)[0])
    const repeated = sigla.find((s, i) => sigla.indexOf(s) !== i)
    if (repeated !== undefined) throw new CliUsageError(`siglum '${repeated}' is given twice`)
  }
  const witnesses = values.collatex !== undefined ? await collatexWitnesses(values.collatex, io, read) : await Promise.all(given.map((value) => fileWitness(value, read)))
  for (const value of values.describe ?? []) {
    const [siglum, text] = splitAssignment('describe', value)
    const witness = witnesses.find((w) => w.siglum === siglum)
    if (!witness) throw new CliUsageError(`--describe ${siglum}: no witness has that siglum`)
    witness.description = text
  }
  const texts = witnesses.map((w) => w.text)
  const collation = collateWitnesses(texts, options)
  const sigla = witnesses.map((w) => w.siglum)
  if (format === 'json') {
    io.stdout(`${JSON.stringify(toCollatexTable(sigla, texts, collation, witnesses.map((w) => w.offset)))}\n`)
    return 0
  }
  const input: EditionInput = {
    title: values.title ?? `Collation of ${sigla.join(', ')}`,
    projection: texts[0],
    annotations: [],
    decisions: [],
    metadata: {},
    collations: [{
      witnesses: witnesses.map((w, i) => ({ siglum: w.siglum, description: w.description, ...(i === 0 ? { range: { start: 0, end: w.text.length } } : { text: w.text }) })),
      table: collation,
    }],
  }
  io.stdout(exportTei(input))
  return 0
}
