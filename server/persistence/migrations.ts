import type Database from 'better-sqlite3'

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
  // 2: the workspace search index (server/search/SearchIndex.ts). Entries are
  // paragraphs, annotation quotes and comments; the FTS5 table indexes their
  // bodies by trigram and reads the text back from search_entries (external content).
  `
  CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'quote', 'comment')),
    body TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    annotation_id TEXT,
    comment_id TEXT,
    type TEXT,
    author TEXT,
    status TEXT,
    created TEXT
  );
  CREATE INDEX search_entries_by_document ON search_entries (document_id);
  CREATE VIRTUAL TABLE search_fts USING fts5(
    body, content = 'search_entries', content_rowid = 'id', tokenize = 'trigram'
  );
  -- One row per indexed document; stale = 1 from its first change after the
  -- last indexing until the next, so a restart re-indexes what it missed.
  CREATE TABLE search_documents (
    document_id TEXT PRIMARY KEY,
    indexed_at TEXT,
    stale INTEGER NOT NULL
  );
  `,
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
