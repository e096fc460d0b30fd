import type { CliIo } from './io'

/** Placeholder until the subcommand lands. */
export async function compare(_args: string[], io: CliIo): Promise<number> {
  io.stderr('variorum compare: not built yet\n')
  return 1
}
