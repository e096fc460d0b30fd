/**
 * The alignment options `compare` and `collate` share: their parseArgs entries,
 * their usage lines and their reading into the aligner's options.
 */
import type { AlignOptions } from '../../core/align'
import { CliUsageError } from './io'

export const ALIGN_OPTION_SPECS = {
  'min-move': { type: 'string' },
  'exact-punctuation': { type: 'boolean' },
} as const

export const ALIGN_OPTION_USAGE = `  --min-move N         shortest moved passage reported, in code units (default 12)
  --exact-punctuation  full-width and half-width punctuation do not match
`

/** AlignOptions from parsed values; CliUsageError (exit 2) when --min-move is not a whole number. */
export function alignOptionsFrom(values: { 'min-move'?: string; 'exact-punctuation'?: boolean }): AlignOptions {
  const minMove = values['min-move']
  if (minMove !== undefined && !/^\d+$/.test(minMove)) throw new CliUsageError(`--min-move '${minMove}' is not a whole number`)
  return {
    normalizePunctuation: !values['exact-punctuation'],
    ...(minMove !== undefined ? { minMoveLength: Number(minMove) } : {}),
  }
}
