import { resolve } from 'node:path'
import { AccessService } from '../access/AccessService'
import { openDatabase } from '../persistence/openDatabase'
import { SqliteAccessStore } from '../persistence/SqliteAccessStore'
import { CliUsageError, type CliIo } from './io'

/**
 * The access service over the workspace database in `--data DIR`, else
 * VARIORUM_DATA_DIR, else ./data (as `variorum serve`). Safe beside a running
 * server: the database is in WAL mode with a busy timeout, and the server notices
 * revocations through the access revision. `close` must be called when done.
 */
export function openAccess(dataDir: string | undefined): { access: AccessService; close(): void } {
  const db = openDatabase(resolve(dataDir ?? (process.env.VARIORUM_DATA_DIR || 'data')))
  return { access: new AccessService(new SqliteAccessStore(db)), close: () => db.close() }
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
