import type { CliIo } from './io'

/** Placeholder until the subcommand lands. */
export async function check(_args: string[], io: CliIo): Promise<number> {
  io.stderr('variorum check: not built yet\n')
  return 1
}
