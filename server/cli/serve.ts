import type { CliIo } from './io'

/** Placeholder until the subcommand lands. */
export async function serve(_args: string[], io: CliIo): Promise<number> {
  io.stderr('variorum serve: not built yet\n')
  return 1
}
