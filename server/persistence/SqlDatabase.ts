import type Database from 'better-sqlite3'
import pg from 'pg'

/**
 * The little SQL both engines share, so that a store written once (history,
 * accounts and access) runs on SQLite and on PostgreSQL (issue #16). Statements
 * use `?` placeholders (PostgreSQL's `$1…` are numbered here) and the dialect
 * both engines accept: `INSERT … ON CONFLICT`, `RETURNING`, `COLLATE BINARY`
 * (written `COLLATE "C"` for PostgreSQL: byte order whatever the locale).
 * Numbers come back as numbers on both (PostgreSQL's bigint and numeric are
 * parsed), byte columns as Buffers.
 */
export interface SqlDatabase {
  readonly engine: 'sqlite' | 'postgres'
  /** The rows a statement returns (none for a statement that returns none). */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>
  /**
   * Runs `fn` in one transaction, which holds the database's write lock from its
   * start (SQLite `BEGIN IMMEDIATE`; on PostgreSQL an advisory lock on `lock`
   * when given): committed when `fn` resolves, rolled back when it throws.
   */
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>, lock?: string): Promise<T>
  /** Whether `error` is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean
}

/**
 * SqlDatabase over a better-sqlite3 connection. Every statement runs to
 * completion before its promise is made. Transactions of this adapter are
 * serialized (one at a time), since the awaits inside one give other code a turn
 * on the same connection.
 */
/** Statements prepared on each SQLite connection, by SQL text (SqliteSql.statement). */
const preparedStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

export class SqliteSql implements SqlDatabase {
  readonly engine = 'sqlite'
  private tail: Promise<unknown> = Promise.resolve()

  /** `joined`: this is the handle a transaction's `fn` gets; a transaction inside it joins it. */
  constructor(readonly db: Database.Database, private readonly joined = false) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.statement(sql).all(...params.map(sqliteValue)) as T[]
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.statement(sql).run(...params.map(sqliteValue)).changes
  }

  /**
   * The prepared statement for `sql`, prepared once per connection: preparing took
   * more time than running for the history's small queries, which a session end runs
   * at every change of author. The callers' SQL is a fixed set of strings.
   */
  private statement(sql: string): Database.Statement {
    let cache = preparedStatements.get(this.db)
    if (!cache) preparedStatements.set(this.db, (cache = new Map()))
    let statement = cache.get(sql)
    if (!statement) cache.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }

  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    if (this.joined) return fn(this)
    const result = this.tail.then(async () => {
      this.db.exec('BEGIN IMMEDIATE')
      try {
        const value = await fn(new SqliteSql(this.db, true))
        this.db.exec('COMMIT')
        return value
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK')
        throw error
      }
    })
    this.tail = result.catch(() => {})
    return result
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  }
}

/** better-sqlite3 takes no booleans. */
function sqliteValue(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value
}

/** bigint (20) and numeric (1700) as JavaScript numbers: counts, ids and ms times all fit in 2^53. */
const NUMBER_TYPES = new Set([20, 1700])
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMBER_TYPES.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** `?` placeholders as `$1, $2…` (no statement here has a `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`).replace(/COLLATE BINARY/g, 'COLLATE "C"')
}

function pgValue(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  return value
}

/** A stable 32-bit key for an advisory lock named by `name`. */
export function advisoryKey(name: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193)
  return hash | 0
}

/**
 * Runs `fn` in one transaction on one client of `pool`: committed when it resolves,
 * rolled back when it throws; under the advisory lock `lock` when given. Shared by
 * PostgresSql and PostgresDocumentStore.
 */
export async function inPostgresTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, lock?: string): Promise<T> {
  const client = await pool.connect()
  // A connection lost while checked out emits 'error' on the client (the failing query rejects too).
  const ignore = () => {}
  client.on('error', ignore)
  let failed = false
  try {
    await client.query('BEGIN')
    if (lock !== undefined) await client.query('SELECT pg_advisory_xact_lock($1)', [advisoryKey(lock)])
    const value = await fn(client)
    await client.query('COMMIT')
    return value
  } catch (error) {
    failed = true
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.off('error', ignore)
    // After a failure the connection may be broken: dropped rather than given to the next caller.
    client.release(failed)
  }
}

/** SqlDatabase over a node-postgres pool (or, inside a transaction, one client of it). */
export class PostgresSql implements SqlDatabase {
  readonly engine = 'postgres'

  private constructor(private readonly target: pg.Pool | pg.PoolClient, private readonly pool: pg.Pool | null) {}

  /** A pool on `connectionString` whose bigint and numeric columns read as numbers. */
  static pool(connectionString: string, max = 10): pg.Pool {
    const pool = new pg.Pool({ connectionString, max, types })
    // An idle client whose connection drops (PostgreSQL restarted) must not crash the process;
    // the next query gets a new connection or a clear error.
    pool.on('error', () => {})
    return pool
  }

  static over(pool: pg.Pool): PostgresSql {
    return new PostgresSql(pool, pool)
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const { rows } = await this.target.query(numbered(sql), params.map(pgValue))
    return rows as T[]
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const { rowCount } = await this.target.query(numbered(sql), params.map(pgValue))
    return rowCount ?? 0
  }

  async transaction<T>(fn: (tx: SqlDatabase) => Promise<T>, lock?: string): Promise<T> {
    if (!this.pool) return fn(this)
    return inPostgresTransaction(this.pool, (client) => fn(new PostgresSql(client, null)), lock)
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: string }).code === '23505'
  }
}
