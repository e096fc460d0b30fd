import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { DocumentStore } from '../../../server/persistence/DocumentStore'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { PostgresDocumentStore } from '../../../server/persistence/postgres/PostgresDocumentStore'
import { SqliteSql, type SqlDatabase } from '../../../server/persistence/SqlDatabase'
import { SqliteDocumentStore } from '../../../server/persistence/SqliteDocumentStore'

/**
 * The two storage engines, for suites run against both: SQLite in a temporary
 * folder, and the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust) in a
 * database of its own, `variorum_test_<random>`, created for the suite and dropped
 * after. `open` empties the tables, so every test starts from nothing.
 */
export const POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432'

/** A document store with the same database as SqlDatabase (history, access). */
export type EngineStore = DocumentStore & { sql: SqlDatabase }

export interface Engine {
  name: 'sqlite' | 'postgres'
  setup(): Promise<void>
  /** A store over empty tables. */
  open(): Promise<EngineStore>
  /** Opens another store on the same data (a restart, or a second instance on PostgreSQL). */
  reopen(): Promise<EngineStore>
  teardown(): Promise<void>
}

export function sqliteEngine(): Engine {
  let dir = ''
  const over = (): EngineStore => {
    const db = openDatabase(dir)
    return Object.assign(new SqliteDocumentStore(db), { sql: new SqliteSql(db) })
  }
  return {
    name: 'sqlite',
    async setup() {},
    async open() {
      if (dir) rmSync(dir, { recursive: true, force: true })
      dir = mkdtempSync(join(tmpdir(), 'variorum-store-'))
      return over()
    },
    async reopen() {
      return over()
    },
    async teardown() {
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Runs one statement on the server's `postgres` database (create and drop databases). */
export async function postgresAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_SERVER}/postgres` })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A new empty database `variorum_test_<random>`, with its URL and a drop. */
export async function temporaryPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `variorum_test_${randomBytes(6).toString('hex')}`
  await postgresAdmin(`CREATE DATABASE ${database}`)
  return { url: `${POSTGRES_SERVER}/${database}`, drop: () => postgresAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) }
}

export function postgresEngine(): Engine {
  let database: { url: string; drop(): Promise<void> } | null = null
  return {
    name: 'postgres',
    async setup() {
      database = await temporaryPostgresDatabase()
    },
    async open() {
      const store = await PostgresDocumentStore.open(database!.url)
      const tables = (await store.sql.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'variorum_schema'"))
        .map((row) => row.tablename)
      await store.sql.run(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`)
      await store.sql.run('INSERT INTO access_revision (only_row, revision) VALUES (1, 0)')
      return store
    },
    reopen: () => PostgresDocumentStore.open(database!.url),
    teardown: async () => {
      await database?.drop()
    },
  }
}

/** Both engines, for `describe.each`. */
export const engines = (): Engine[] => [sqliteEngine(), postgresEngine()]

/**
 * Runs `fn` with a store of its own on a workspace's storage (the server may be
 * running or not): the PostgreSQL database at `databaseUrl`, else the SQLite file
 * in `dataDir`; closed after.
 */
export async function withEngineStore<T>(databaseUrl: string | null, dataDir: string, fn: (store: EngineStore) => Promise<T>): Promise<T> {
  let store: EngineStore
  if (databaseUrl) {
    store = await PostgresDocumentStore.open(databaseUrl, { maxConnections: 1 })
  } else {
    const db = openDatabase(dataDir)
    store = Object.assign(new SqliteDocumentStore(db), { sql: new SqliteSql(db) })
  }
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}
