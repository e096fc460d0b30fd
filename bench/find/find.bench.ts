/**
 * `npm run bench -- find`: the editor's find (core/search/findInText) on the
 * sample document repeated to ~200 KB, side by side with the floor measured in
 * the same run: String.prototype.matchAll with an equivalent native regular
 * expression (no folding, no offset map, no group ranges). Also foldWidth
 * against one whole-string normalize('NFKC'), which folds the same characters
 * but keeps no way back to the source offsets.
 * Prints the best of ROUNDS runs and the ratio to the floor.
 */
import { readFileSync } from 'node:fs'
import { findInText, type FindQuery } from '../../core/search'
import { foldWidth, paragraphsFromPlainText, projectParagraphs } from '../../core/text'
import { bestOf } from '../bestOf'

const ROUNDS = 30
const TARGET_BYTES = 200_000

interface Case {
  name: string
  query: FindQuery
  /** The native expression that finds the same matches in the unfolded text. */
  floor: RegExp
}

const BASE: FindQuery = { pattern: '', regex: false, caseSensitive: false, foldWidth: false, wholeWord: false }

const CASES: Case[] = [
  { name: 'literal 中亚', query: { ...BASE, pattern: '中亚' }, floor: /中亚/giu },
  { name: 'literal ， width-folded', query: { ...BASE, pattern: '，', foldWidth: true }, floor: /[，,]/giu },
  { name: 'regex (\\d{4})年 width-folded', query: { ...BASE, pattern: '(\\d{4})年', regex: true, foldWidth: true }, floor: /([0-9０-９]{4})年/giu },
  { name: 'whole word "and"', query: { ...BASE, pattern: 'and', wholeWord: true }, floor: /\band\b/giu },
]

export default async function run(): Promise<void> {
  const sample = projectParagraphs(paragraphsFromPlainText(readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')))
  const copies = Math.ceil(TARGET_BYTES / Buffer.byteLength(sample))
  const text = Array.from({ length: copies }, () => sample).join('\n\n')
  console.log(`text: ${text.length} UTF-16 units, ${Buffer.byteLength(text)} bytes; best of ${ROUNDS} runs\n`)
  console.log('| case | matches | findInText ms | floor (matchAll) ms | ratio |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const { name, query, floor } of CASES) {
    const result = findInText(text, query)
    const count = result.status === 'ok' ? result.matches.length : -1
    const floorCount = [...text.matchAll(floor)].length
    if (count !== floorCount) throw new Error(`${name}: findInText found ${count}, the floor ${floorCount}`)
    const ours = bestOf(ROUNDS, () => findInText(text, query))
    const native = bestOf(ROUNDS, () => [...text.matchAll(floor)])
    console.log(`| ${name} | ${count} | ${ours.toFixed(2)} | ${native.toFixed(2)} | ${(ours / native).toFixed(2)} |`)
  }
  const fold = bestOf(ROUNDS, () => foldWidth(text))
  const normalize = bestOf(ROUNDS, () => text.normalize('NFKC'))
  console.log(`\nfoldWidth ${fold.toFixed(2)} ms, whole-string normalize('NFKC') ${normalize.toFixed(2)} ms: ratio ${(fold / normalize).toFixed(2)}`)
}
