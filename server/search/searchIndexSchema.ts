/*
 * The search index's tables. Entries are paragraphs, annotation quotes and comments;
 * the FTS5 table indexes their bodies by trigram and reads the text back from
 * search_entries (external content), whose offsets live in search_offsets.
 * Everything here is derived from the documents, so a damaged index is dropped and
 * rebuilt (`SearchIndex.open`). Changing it means a new migration, as for any table.
 */

/** The index as migration 2 created it (offsets in search_entries), as shipped; migration 9 replaced it. */
export const FIRST_SEARCH_INDEX_SCHEMA = `
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
  -- The index's terms (trigrams), sorted: one- and two-character queries read
  -- the trigrams that start with them (SearchIndex, MIN_TRIGRAM_QUERY).
  CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
  -- One row per indexed document; stale = 1 from its first change after the
  -- last indexing until the next, so a restart re-indexes what it missed.
  CREATE TABLE search_documents (
    document_id TEXT PRIMARY KEY,
    indexed_at TEXT,
    stale INTEGER NOT NULL
  );
`

/** The index as it is now (migration 9, and every rebuild). */
export const SEARCH_INDEX_SCHEMA = `
  CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'quote', 'comment')),
    body TEXT NOT NULL,
    annotation_id TEXT,
    comment_id TEXT,
    type TEXT,
    author TEXT,
    status TEXT,
    created TEXT
  );
  CREATE INDEX search_entries_by_document ON search_entries (document_id);
  -- Each entry's offsets (NULL for a comment's), apart from its wide row: typing moves
  -- every later paragraph, and a re-index rewrites these narrow rows (hundreds a page)
  -- rather than every page of the bodies (issue #20).
  CREATE TABLE search_offsets (
    entry_id INTEGER PRIMARY KEY,
    start INTEGER,
    "end" INTEGER
  );
  CREATE VIRTUAL TABLE search_fts USING fts5(
    body, content = 'search_entries', content_rowid = 'id', tokenize = 'trigram'
  );
  -- The index's terms (trigrams), sorted: one- and two-character queries read
  -- the trigrams that start with them (SearchIndex, MIN_TRIGRAM_QUERY).
  CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
  -- One row per indexed document; stale = 1 from its first change after the
  -- last indexing until the next, so a restart re-indexes what it missed.
  CREATE TABLE search_documents (
    document_id TEXT PRIMARY KEY,
    indexed_at TEXT,
    stale INTEGER NOT NULL
  );
`

/** Drops every table of the search index (and the FTS5 shadow tables with them). */
export const DROP_SEARCH_INDEX = `
  DROP TABLE IF EXISTS search_vocab;
  DROP TABLE IF EXISTS search_fts;
  DROP TABLE IF EXISTS search_entries;
  DROP TABLE IF EXISTS search_offsets;
  DROP TABLE IF EXISTS search_documents;
`

/** A document's rows with their offsets (StoredSearchRow), as a re-index plan starts from them; one parameter, the document id. */
export const SELECT_STORED_ROWS = `
  SELECT e.id, e.kind, e.body, o.start, o."end", e.annotation_id, e.comment_id, e.type, e.author, e.status, e.created
  FROM search_entries e JOIN search_offsets o ON o.entry_id = e.id WHERE e.document_id = ?`
