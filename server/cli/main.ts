/**
 * The `variorum` command: one subcommand a file in this folder, loaded on demand
 * so that `variorum check` does not pay for the server's start-up.
 */
import { CliUsageError, type CliIo, nodeIo } from './io'

type Subcommand = (args: string[], io: CliIo) => Promise<number>

const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  serve: { summary: 'start the workspace server', load: async () => (await import('./serve')).serve },
  duplicates: { summary: 'find duplicated passages in a text file', load: async () => (await import('./duplicates')).duplicates },
  compare: { summary: 'align two versions of a passage', load: async () => (await import('./compare')).compare },
  collate: { summary: 'collate several versions (CollateX JSON or TEI)', load: async () => (await import('./collate')).collate },
  check: { summary: 'find layout artefacts, typos and intrusions', load: async () => (await import('./check')).check },
  search: { summary: 'search the text, quotes and comments of a workspace', load: async () => (await import('./search')).search },
  export: { summary: 'export an annotated edition', load: async () => (await import('./export')).exportEdition },
  user: { summary: 'add, list, reset or disable accounts', load: async () => (await import('./user')).user },
  token: { summary: 'create, list or revoke tokens for scripts', load: async () => (await import('./token')).token },
}

export function usage(): string {
  const lines = Object.entries(subcommands).map(([name, { summary }]) => `  ${name.padEnd(11)} ${summary}`)
  return `usage: variorum <command> [options]\n\ncommands:\n${lines.join('\n')}\n`
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: CliIo = nodeIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    io.stdout(usage())
    return name ? 0 : 2
  }
  const entry = subcommands[name]
  if (!entry) {
    io.stderr(`variorum: unknown command '${name}'\n${usage()}`)
    return 2
  }
  try {
    return await (await entry.load())(rest, io)
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`variorum ${name}: ${error.message}\n`)
      return 2
    }
    io.stderr(`variorum ${name}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
