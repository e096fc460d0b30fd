import { CliUsageError, parseCliArgs, type CliIo } from './io'
import { openDataFolder } from './dataFolder'

const USAGE = `usage: variorum history DOC [--data DIR] [--json]

Lists the versions of workspace document DOC, newest first: id, time, name and
authors. Reads the data folder (--data, else VARIORUM_DATA_DIR, else ./data).
  --json   the list as GET /api/documents/DOC/versions returns it
`

/** `variorum history DOC [--data DIR] [--json]`: exit 0 with the list, 1 for an unknown document, 2 on bad usage. */
export async function history(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    data: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout(USAGE)
    return 0
  }
  if (positionals.length !== 1) throw new CliUsageError(`expected one DOC, got ${positionals.length}\n${USAGE}`)
  const folder = await openDataFolder(values.data as string | undefined)
  try {
    const versions = await folder.history.versions((await folder.document(positionals[0])).id)
    if (values.json) {
      io.stdout(`${JSON.stringify(versions, null, 2)}\n`)
      return 0
    }
    for (const version of versions) {
      const authors = version.authors.map((a) => a.name).join(', ') || '-'
      io.stdout(`${String(version.id).padStart(5)}  ${version.createdAt}  ${version.name ? `"${version.name}"  ` : ''}${authors}\n`)
    }
    return 0
  } finally {
    await folder.close()
  }
}
