import type { CliIo } from './io'

/** Placeholder until the subcommand lands. */
export async function exportEdition(_args: string[], io: CliIo): Promise<number> {
  io.stderr('variorum export: not built yet\n')
  return 1
}
