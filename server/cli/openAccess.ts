import { AccessService } from '../access/AccessService'
import { SqlAccessStore } from '../persistence/SqlAccessStore'
import { openDataFolder } from './dataFolder'
import { CliUsageError, type CliIo } from './io'

/**
 * The access service over the workspace database in `--data DIR`, else
 * VARIORUM_DATABASE_URL (PostgreSQL), else VARIORUM_DATA_DIR, else ./data (as
 * `variorum serve`). Safe beside running servers: SQLite is in WAL mode with a
 * busy timeout, and servers notice revocations through the access revision.
 * `close` must be called when done.
 */
export async function openAccess(dataDir: string | undefined): Promise<{ access: AccessService; close(): Promise<void> }> {
  const folder = await openDataFolder(dataDir, process.env, true)
  return { access: new AccessService(new SqlAccessStore(folder.sql)), close: () => folder.close() }
}

/**
 * The password piped to standard input: its first line, without the line end.
 * Never echoed nor logged. Throws CliUsageError when there is no input.
 */
export async function readPassword(io: CliIo): Promise<string> {
  if (!io.readStdin) throw new CliUsageError('the password is read from standard input, and there is none')
  const [first] = new TextDecoder().decode(await io.readStdin()).split(/\r?\n/)
  if (!first) throw new CliUsageError('no password on standard input')
  return first
}
