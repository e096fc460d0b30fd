import type { Annotation, AnnotationType, Decision } from '../annotations'

/**
 * A document read from a file of some format, before it is stored: its
 * paragraphs and whatever the format carried beside the text. Offsets in
 * `annotations` and `decisions` are UTF-16 code units into the projection of
 * `paragraphs` (joined by "\n\n", core/text/projection.ts).
 */
export interface ImportedEdition {
  /** Paragraph texts, none empty or containing a line break. */
  paragraphs: string[]
  /** The title the file names (HTML <title>, TEI titleStmt), or null. */
  title: string | null
  /** The id the file gives the document (a Variorum TEI export's <idno>), or null. */
  name: string | null
  annotations: Annotation[]
  decisions: Decision[]
  /** Annotation types the file defines beyond the built-in ones (their labels). */
  types: AnnotationType[]
}

/** What an importer answers: the edition, or why the file cannot be read. */
export type ImportResult = { ok: true; edition: ImportedEdition } | { ok: false; message: string }

/** An edition of plain paragraphs only. */
export function plainEdition(paragraphs: string[], title: string | null = null): ImportedEdition {
  return { paragraphs, title, name: null, annotations: [], decisions: [], types: [] }
}
