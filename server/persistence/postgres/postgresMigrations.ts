import type { PoolClient } from 'pg'

/**
 * The PostgreSQL schema, as steps applied in order like SQLite's (migrations.ts),
 * in PostgreSQL's dialect. `variorum_schema.version` records how many have run.
 * Append new steps; never edit a step that has shipped.
 *
 * Differences from SQLite, on purpose:
 * - `updates.seq` is one identity sequence for the whole table, not a counter
 *   per document kept in memory: several server instances append to the same
 *   log, and only the order within a document matters.
 * - No search tables: each instance keeps its search index (SQLite FTS5, derived
 *   data) in memory and builds it from the documents (docs/ARCHITECTURE.md).
 * - Usernames are unique case-insensitively through an index on lower(username)
 *   (SQLite: COLLATE NOCASE on the column).
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: the catalogue, Yjs snapshots and the append-only update log (SQLite steps 1 and 3).
  `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    source_hash TEXT NOT NULL UNIQUE,
    characters INTEGER NOT NULL,
    source_encoding TEXT,
    source_format TEXT
  );
  CREATE TABLE snapshots (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    state BYTEA NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE updates (
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    data BYTEA NOT NULL,
    principal_id TEXT,
    principal_name TEXT,
    created_at BIGINT,
    PRIMARY KEY (document_id, seq)
  );
  `,
  // 2: history's authorship log and checkpoints (SQLite step 4; docs/HISTORY.md).
  `
  CREATE TABLE authorship (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    client_id BIGINT,
    clock_start BIGINT,
    clock_end BIGINT,
    principal_id TEXT NOT NULL,
    principal_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX authorship_by_client ON authorship (document_id, client_id, clock_start);
  CREATE TABLE checkpoints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    created_at BIGINT NOT NULL,
    name TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('full', 'delta')),
    state BYTEA NOT NULL,
    state_vector BYTEA NOT NULL,
    authorship_upto BIGINT NOT NULL,
    authors TEXT NOT NULL
  );
  CREATE INDEX checkpoints_by_document ON checkpoints (document_id, id);
  `,
  // 3: accounts, sessions, script tokens, roles, share links, audit log (SQLite step 5; issue 14).
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX accounts_by_username ON accounts (lower(username));
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX sessions_by_account ON sessions(account_id);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    document_id TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE document_roles (
    document_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (document_id, account_id)
  );
  CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX share_links_by_document ON share_links(document_id);
  CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL
  );
  CREATE INDEX audit_log_by_document ON audit_log(document_id, id);
  CREATE TABLE access_revision (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    revision BIGINT NOT NULL
  );
  INSERT INTO access_revision (only_row, revision) VALUES (1, 0);
  `,
  // 4: OpenID Connect identities and the trash (SQLite steps 6 and 7; issue 14).
  `
  CREATE TABLE external_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  );
  CREATE INDEX external_identities_by_account ON external_identities(account_id);
  ALTER TABLE documents ADD COLUMN trashed_at TEXT;
  ALTER TABLE documents ADD COLUMN trashed_by TEXT;
  `,
  // 5: the opening paragraphs of the snapshot's state (SQLite step 8; issue #21).
  `
  ALTER TABLE snapshots ADD COLUMN opening TEXT;
  `,
]

/** Any fixed number: the advisory lock under which one instance at a time migrates. */
const MIGRATION_LOCK = 0x76617269

/**
 * Brings the database to the latest schema, all steps in one transaction under an
 * advisory lock, so instances starting together migrate once. Throws when the
 * database is newer than this server.
 */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS variorum_schema (version INTEGER NOT NULL)')
    const { rows } = await client.query<{ version: number }>('SELECT version FROM variorum_schema')
    const current = rows[0]?.version ?? 0
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this server (${POSTGRES_MIGRATIONS.length})`)
    }
    for (let version = current; version < POSTGRES_MIGRATIONS.length; version++) {
      await client.query(POSTGRES_MIGRATIONS[version])
    }
    if (rows.length === 0) await client.query('INSERT INTO variorum_schema (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length])
    else await client.query('UPDATE variorum_schema SET version = $1', [POSTGRES_MIGRATIONS.length])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
}
