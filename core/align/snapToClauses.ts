/*
 * "Fewer, truer differences": a difference is read with its clause. A changed
 * character splits the pairwise alignment into equal / replace / equal; in a
 * collation table that is one sentence over three rows. Each row where witnesses
 * differ is widened over the agreeing text beside it, in the base witness, to the
 * nearest clause boundary (after punctuation, or at a line start), at most
 * CLAUSE_REACH code units each way; rows that then meet inside a clause are one
 * row, and a row of white space only joins the difference beside it.
 */
import { isDigit as isDigitCode, isWhiteSpace, isWordLetter } from '../text'
import { mapEqualOffsetFromEnd, mapEqualOffsets } from './equalText'
import type { WorkRow } from './collationRows'

/**
 * Farthest a differing row is widened on each side, in code units of the base:
 * a Chinese clause is 5–20 characters (`平等有序的国际秩序` is 9), an English one
 * up to ~40 (`Crowds gathered on both banks of the river` is 43). If no clause
 * boundary is that close, the row keeps its edge: a 300-character sentence with
 * one changed word is not worth a 300-character row.
 */
export const CLAUSE_REACH = 40

const PUNCTUATION = /\p{P}/u
/** Punctuation class of each BMP code unit, filled lazily: one regex test per distinct character (1 yes, 2 no). */
const punctuationTable = new Uint8Array(0x10000)
function isPunctuation(char: string): boolean {
  const code = char.charCodeAt(0)
  if (punctuationTable[code] === 0) punctuationTable[code] = PUNCTUATION.test(char) ? 1 : 2
  return punctuationTable[code] === 1
}
// The tokenizer's word letters and digits (core/text), so that a joiner it keeps inside a token is no boundary.
const isLetter = (char: string | undefined) => char !== undefined && isWordLetter(char.charCodeAt(0))
const isDigit = (char: string | undefined) => char !== undefined && isDigitCode(char.charCodeAt(0))

/**
 * True when offset q of `text` is a clause boundary on a token boundary: the text's
 * ends, just after a punctuation mark (not the apostrophe or hyphen inside a word,
 * nor the point or comma inside a number, which the tokenizer keeps in the token),
 * or just after a line break that ends a white-space run.
 */
export function isClauseBoundary(text: string, q: number): boolean {
  if (q <= 0 || q >= text.length) return true
  const before = text[q - 1]
  if (before === '\n') return !isWhiteSpace(text.charCodeAt(q))
  if (!isPunctuation(before)) return false
  if ("'’-".includes(before) && isLetter(text[q - 2]) && isLetter(text[q])) return false
  if ('.,'.includes(before) && isDigit(text[q - 2]) && isDigit(text[q])) return false
  return true
}

/**
 * Rows with every differing row widened to its clause (see CLAUSE_REACH) and
 * consecutive differing rows merged when they meet inside a clause or one is
 * white space only. A row holding a moved passage (`moved`) stays as it is. `rows`
 * come from `collationRows` (agreeing rows never adjacent); each witness's cells
 * still rebuild its text. Linear.
 */
export function snapToClauses(rows: readonly WorkRow[], texts: readonly string[], normalize: boolean): WorkRow[] {
  const base = texts[0]
  const work: WorkRow[] = rows.map((r) => ({ cells: r.cells.map((c) => (c ? [c[0], c[1]] as [number, number] : null)), variant: r.variant, moved: r.moved, moveKeys: r.moveKeys }))
  const out: WorkRow[] = []
  const take = (into: WorkRow, part: Array<[number, number] | null>) => {
    part.forEach((range, w) => {
      if (!range || range[1] <= range[0]) return
      const cell = into.cells[w]
      into.cells[w] = cell ? [Math.min(cell[0], range[0]), Math.max(cell[1], range[1])] : range
    })
  }
  for (let i = 0; i < work.length; i++) {
    const row = work[i]
    if (!row.variant) {
      if (row.cells[0] && row.cells[0][1] > row.cells[0][0]) out.push(row)
      continue
    }
    if (row.moved) { // a moved passage is one block as found: not widened, joined only by white space
      const last = out[out.length - 1]
      // rows another witness's cut made inside one moved passage are one block again
      const sameMove = last?.moved === true && last.moveKeys?.some((k) => row.moveKeys?.includes(k)) === true
      if (last && last.variant && (sameMove || !last.moved && blankOnly(texts, last))) {
        take(last, row.cells)
        last.moved = true
        last.moveKeys = [...new Set([...(last.moveKeys ?? []), ...(row.moveKeys ?? [])])]
      } else out.push(row)
      continue
    }
    const before = out[out.length - 1]
    if (before && !before.variant) {
      const [s, e] = before.cells[0]!
      let q = e
      while (q > s && q > e - CLAUSE_REACH && !isClauseBoundary(base, q)) q--
      if (q < e && (q === s || isClauseBoundary(base, q))) {
        const part = before.cells.map((cell, w) => [mapEqualOffsetFromEnd(base, s, e, texts[w], cell![1], q, normalize), cell![1]] as [number, number])
        before.cells = before.cells.map((cell, w) => [cell![0], part[w][0]])
        take(row, part)
        if (q === s) out.pop()
      }
    }
    const after = work[i + 1]
    if (after && !after.variant) {
      const [s, e] = after.cells[0]!
      let q = s
      while (q < e && q < s + CLAUSE_REACH && !isClauseBoundary(base, q)) q++
      if (q > s && (q === e || isClauseBoundary(base, q))) {
        const part = after.cells.map((cell, w) => [cell![0], mapEqualOffsets(base, s, e, texts[w], cell![0], [q], normalize)[0]] as [number, number])
        after.cells = after.cells.map((cell, w) => [part[w][1], cell![1]])
        take(row, part)
      }
    }
    const last = out[out.length - 1]
    if (last && last.variant && (last.moved ? blankOnly(texts, row) : meetInsideClause(base, last, row) || blankOnly(texts, last) || blankOnly(texts, row))) take(last, row.cells)
    else out.push(row)
  }
  return out
}

/**
 * Two differing rows side by side are one difference when the base offset between
 * them is not a clause boundary (or the base has neither). Differences in two
 * sentences stay two rows.
 */
function meetInsideClause(base: string, last: WorkRow, row: WorkRow): boolean {
  const at = row.cells[0]?.[0] ?? last.cells[0]?.[1]
  return at === undefined || !isClauseBoundary(base, at)
}

/**
 * A differing row of white space only (the paragraph break a moved paragraph left
 * behind or brought along) is no difference of its own: it joins its neighbour.
 */
function blankOnly(texts: readonly string[], row: WorkRow): boolean {
  return row.cells.every((cell, w) => {
    if (!cell) return true
    for (let i = cell[0]; i < cell[1]; i++) if (!isWhiteSpace(texts[w].charCodeAt(i))) return false
    return true
  })
}
