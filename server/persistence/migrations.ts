import type Database from 'better-sqlite3'
import { DROP_SEARCH_INDEX, FIRST_SEARCH_INDEX_SCHEMA, SEARCH_INDEX_SCHEMA } from '../search/searchIndexSchema'

/**
 * Schema migrations, applied in order. `PRAGMA user_version` records how many have
 * run, so a database is upgraded in place on start and never downgraded. Append
 * new steps; never edit a step that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the document catalog, Yjs snapshots and the append-only update log.
  `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    source_hash TEXT NOT NULL UNIQUE,
    characters INTEGER NOT NULL
  );
  CREATE TABLE snapshots (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    state BLOB NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- One B-tree keyed (document, seq): an append touches one leaf page, where a
  -- rowid table plus an index (plus AUTOINCREMENT's sqlite_sequence) touched three.
  CREATE TABLE updates (
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (document_id, seq)
  ) WITHOUT ROWID;
  `,
  // 2: the workspace search index (server/search/searchIndexSchema.ts).
  FIRST_SEARCH_INDEX_SCHEMA,
  // 3: what a document was imported from: the source bytes' encoding (null when the
  // text came as a JSON string, or from a .docx) and its format (txt, md, html, docx, tei).
  `
  ALTER TABLE documents ADD COLUMN source_encoding TEXT;
  ALTER TABLE documents ADD COLUMN source_format TEXT;
  `,
  // 4: history (issue 15). Each stored update carries who sent it and when; the
  // authorship log maps every Yjs client id's clock range to that principal, and
  // outlives compaction (blame and version authors read it); checkpoints keep
  // document states that compaction would otherwise fold away (docs/HISTORY.md).
  `
  ALTER TABLE updates ADD COLUMN principal_id TEXT;
  ALTER TABLE updates ADD COLUMN principal_name TEXT;
  ALTER TABLE updates ADD COLUMN created_at INTEGER;
  CREATE TABLE authorship (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    -- NULL for an update that only deletes: it still counts as its author's activity.
    client_id INTEGER,
    clock_start INTEGER,
    clock_end INTEGER,
    principal_id TEXT NOT NULL,
    principal_name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX authorship_by_client ON authorship (document_id, client_id, clock_start);
  CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    created_at INTEGER NOT NULL,
    name TEXT,
    -- 'full': state is the whole document; 'delta': what changed since the previous checkpoint.
    kind TEXT NOT NULL CHECK (kind IN ('full', 'delta')),
    state BLOB NOT NULL,
    state_vector BLOB NOT NULL,
    -- Last authorship row this checkpoint includes; authors = the rows since the previous one.
    authorship_upto INTEGER NOT NULL,
    authors TEXT NOT NULL
  );
  CREATE INDEX checkpoints_by_document ON checkpoints (document_id, id);
  `,
  // 5: accounts, sessions, script tokens, per-document roles, share links and the
  // audit log (issue 14). Secrets (session ids, tokens) are stored as SHA-256 hashes,
  // passwords as scrypt hashes with their salt and parameters: a copy of this file
  // lets nobody sign in. `access_revision` is bumped by every revocation so that a
  // server notices what a CLI process beside it revoked (see AccessStore.accessRevision).
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
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
  ) WITHOUT ROWID;
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
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL
  );
  CREATE INDEX audit_log_by_document ON audit_log(document_id, id);
  CREATE TABLE access_revision (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    revision INTEGER NOT NULL
  );
  INSERT INTO access_revision (only_row, revision) VALUES (1, 0);
  `,
  // 6: sign-on through OpenID Connect (issue 14): which provider identity (issuer and
  // subject, the pair OIDC Core §5.7 says is unique and stable) signs in as which account.
  `
  CREATE TABLE external_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
  ) WITHOUT ROWID;
  CREATE INDEX external_identities_by_account ON external_identities(account_id);
  `,
  // 7: documents in the trash (issue 14): hidden from every route and socket, restorable
  // by an owner for 30 days (DocumentCatalog.TRASH_DAYS); their data stays until then.
  `
  ALTER TABLE documents ADD COLUMN trashed_at TEXT;
  ALTER TABLE documents ADD COLUMN trashed_by TEXT;
  `,
  // 8: the opening paragraphs of the state in the snapshot row, as JSON (issue #21: a
  // long document's first screen after a restart without decoding its state;
  // persistence/storedOpening.ts). NULL for snapshots written before, and read only
  // while no update-log row follows the snapshot.
  `
  ALTER TABLE snapshots ADD COLUMN opening TEXT;
  `,
  // 9: the search index's offsets in a narrow table of their own, search_offsets (issue
  // #20: a re-index after typing rewrote every wide row after the edit). The index is
  // derived data: dropped and recreated empty, and the indexer's catch-up refills it on
  // start (every document counts as never indexed).
  DROP_SEARCH_INDEX + SEARCH_INDEX_SCHEMA,
]

/** Brings the database to the latest schema; each step in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server (${MIGRATIONS.length})`)
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version])
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}
