import type { CliIo } from './io'

/** Placeholder until the subcommand lands. */
export async function duplicates(_args: string[], io: CliIo): Promise<number> {
  io.stderr('variorum duplicates: not built yet\n')
  return 1
}
