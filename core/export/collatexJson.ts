/*
 * CollateX's JSON, both ways (https://collatex.net/doc/, "JSON Input" and the
 * alignment table's JSON output): input {"witnesses":[{"id","content"}]} (or
 * pre-tokenised {"id","tokens":[{"t"}]}); output {"witnesses":[sigla],"table":[…]}
 * with one entry per aligned row, in it one list of tokens {"t","n"} per witness,
 * an empty list where the witness has nothing, as CollateX writes a gap.
 */
import { tokenize, type Collation } from '../align'

/** A CollateX token: `t` the text as written (trailing white space included), `n` what was matched. */
export interface CollatexToken { t: string; n: string }

/**
 * The alignment table in CollateX's shape, plus what CollateX has no field for:
 * `ranges` (same shape as `table`: each cell's [start, end) offsets, shifted by
 * `offsets[w]` so they point into the witness's file, or null) and `moves` (each
 * moved passage's places by siglum, offsets shifted the same way; `misplaced: true`
 * on a passage that stands in order but under another heading).
 */
export interface CollatexTable {
  witnesses: string[]
  table: CollatexToken[][][]
  ranges: Array<Array<[number, number] | null>>
  moves: Array<{ id: number; places: Array<{ witness: string; range: [number, number] }>; misplaced?: true }>
}

/**
 * CollateX tokens of one cell: the aligner's tokens (a Han character, a Latin word,
 * a number, a punctuation mark) with following white space folded into `t` as
 * CollateX's tokenizer does; `n` is the aligner's matching key (width and quote
 * variants folded), without the white space.
 */
function collatexTokens(text: string): CollatexToken[] {
  const out: CollatexToken[] = []
  for (const token of tokenize(text)) {
    const last = out[out.length - 1]
    if (token.kind === 'space' && last) last.t += token.text
    else out.push({ t: token.text, n: token.kind === 'space' ? '' : token.key })
  }
  return out
}

/**
 * `collation` of `texts` (named by `sigla`) as CollateX's JSON alignment table.
 * `offsets[w]` (default 0) is added to witness w's ranges, for a witness cut from
 * a file. Throws RangeError when `sigla`, `texts` and the rows disagree on the
 * number of witnesses.
 */
export function toCollatexTable(sigla: readonly string[], texts: readonly string[], collation: Collation, offsets: readonly number[] = []): CollatexTable {
  if (sigla.length !== texts.length) throw new RangeError(`${sigla.length} sigla for ${texts.length} witnesses`)
  const shift = (w: number, r: [number, number]): [number, number] => [r[0] + (offsets[w] ?? 0), r[1] + (offsets[w] ?? 0)]
  const table: CollatexToken[][][] = []
  const ranges: Array<Array<[number, number] | null>> = []
  for (const row of collation.rows) {
    if (row.cells.length !== texts.length) throw new RangeError(`a row has ${row.cells.length} cells for ${texts.length} witnesses`)
    table.push(row.cells.map((cell, w) => (cell ? collatexTokens(texts[w].slice(cell[0], cell[1])) : [])))
    ranges.push(row.cells.map((cell, w) => (cell ? shift(w, cell) : null)))
  }
  const moves = collation.moves.map((m) => {
    const places = m.places.map((p) => ({ witness: sigla[p.witness], range: shift(p.witness, p.range) }))
    return m.misplaced ? { id: m.id, places, misplaced: true as const } : { id: m.id, places }
  })
  return { witnesses: [...sigla], table, ranges, moves }
}

/** Witnesses read from CollateX JSON input, or why it could not be read. */
export type CollatexInput =
  | { ok: true; witnesses: Array<{ id: string; content: string }> }
  | { ok: false; error: string }

/**
 * Reads CollateX JSON input: {"witnesses":[{"id":"A","content":"…"}, …]}, a
 * witness given as tokens ({"id","tokens":[{"t":"…"}]}) read as its tokens' `t`
 * joined. Expected failures are values: not JSON, no witnesses array, fewer than
 * two witnesses, a witness without a string id or text, a repeated id.
 */
export function parseCollatexInput(json: string): CollatexInput {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (error) {
    return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` }
  }
  const list = (data as { witnesses?: unknown } | null)?.witnesses
  if (!Array.isArray(list)) return { ok: false, error: 'expected {"witnesses":[{"id":…,"content":…}, …]}' }
  if (list.length < 2) return { ok: false, error: `a collation needs at least two witnesses, got ${list.length}` }
  const witnesses: Array<{ id: string; content: string }> = []
  for (const [i, w] of list.entries()) {
    const { id, content, tokens } = (w ?? {}) as { id?: unknown; content?: unknown; tokens?: unknown }
    if (typeof id !== 'string' || id === '') return { ok: false, error: `witness ${i + 1} has no "id" string` }
    if (witnesses.some((x) => x.id === id)) return { ok: false, error: `witness id "${id}" is given twice` }
    if (typeof content === 'string') witnesses.push({ id, content })
    else if (Array.isArray(tokens) && tokens.every((t) => typeof (t as { t?: unknown })?.t === 'string')) witnesses.push({ id, content: tokens.map((t) => (t as { t: string }).t).join('') })
    else return { ok: false, error: `witness "${id}" has neither "content" nor "tokens" with "t" strings` }
  }
  return { ok: true, witnesses }
}
