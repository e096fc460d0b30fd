/**
 * The search index's tables (migration 2). Entries are paragraphs, annotation
 * quotes and comments; the FTS5 table indexes their bodies by trigram and reads
 * the text back from search_entries (external content). Everything here is
 * derived from the documents, so a damaged index is dropped and rebuilt
 * (`SearchIndex.open`). Changing it means a new migration, as for any table.
 */
export const SEARCH_INDEX_SCHEMA = `
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

/** Drops every table of the search index (and the FTS5 shadow tables with them). */
export const DROP_SEARCH_INDEX = `
  DROP TABLE IF EXISTS search_vocab;
  DROP TABLE IF EXISTS search_fts;
  DROP TABLE IF EXISTS search_entries;
  DROP TABLE IF EXISTS search_documents;
`
