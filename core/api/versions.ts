/** Who made changes: the principal a sync connection had (an account once accounts exist). */
export interface VersionAuthor {
  id: string
  /** Display name; the id when the principal has none. */
  name: string
}

/**
 * One version of a document as `GET /api/documents/:id/versions` lists it: a
 * checkpoint the server keeps (automatic at the end of an editing session or
 * every few minutes of activity, or named by an editor).
 */
export interface VersionSummary {
  /** Checkpoint id, increasing with time within a document. */
  id: number
  /** Given by an editor; absent for an automatic version. */
  name?: string
  /** ISO 8601. */
  createdAt: string
  /** Who changed the document since the previous version, in order of first change. */
  authors: VersionAuthor[]
}

/** One run of `GET /api/documents/:id/blame`: characters [start, end) of the current text written by one author. */
export interface BlameRun {
  start: number
  end: number
  /** Null when the characters predate history (the document's first state) or their writer is unknown. */
  author: VersionAuthor | null
  /** When they were written, ISO 8601; null with a null author. */
  at: string | null
}

/**
 * What `POST /api/documents` answers for a text the workspace already has (same
 * content hash) whose document has been edited since: the document, and the
 * newest version whose text is the uploaded one, so the uploader can restore it
 * (e.g. after a wipe) instead of getting the emptied document back unawares.
 */
export interface ExistingUpload {
  /** True when the document's current text is not the uploaded text. */
  textDiffers: true
  /** The newest version holding the uploaded text, or null when none does (any more). */
  restorableVersion: VersionSummary | null
}
