import type { Collation } from '../align'
import type { Annotation, AnnotationType, Decision } from '../annotations'

/** Descriptive data about an edition; every field optional. */
export interface EditionMetadata {
  /** Where the text came from: a citation or URL, printed as given. */
  source?: string
  /** Editors to credit besides those who annotated. */
  editors?: string[]
  /** Publication date of the edition, ISO 8601 (YYYY-MM-DD or a date-time). */
  date?: string
  /** Document id: names the W3C target `urn:variorum:doc:<id>`. */
  id?: string
}

/**
 * One witness of a collation: a siglum (a short name such as "A", used as its
 * xml:id when free: letters, digits, "_", "-", "." and not starting with a digit),
 * the editor's description ("page 1"), and its text: either `range`, [start, end)
 * offsets into the edition's projection, or its own `text` (a separate document).
 */
export interface CollationWitness {
  siglum: string
  description: string
  range?: { start: number; end: number }
  text?: string
}

/**
 * A collation carried by an edition: its witnesses (two or more, in table order)
 * and the table `collateWitnesses` gave for their texts. A table that no longer
 * fits the witnesses' texts (edited since) is computed again on export.
 */
export interface EditionCollation {
  witnesses: CollationWitness[]
  table?: Collation
}

/**
 * Everything an exporter reads. `projection` is the plain-text projection
 * (paragraphs joined by "\n\n"); annotation anchors and decision ranges are
 * offsets into it. `types` adds a document's own annotation types to the built-ins.
 */
export interface EditionInput {
  title: string
  projection: string
  annotations: Annotation[]
  decisions: Decision[]
  metadata: EditionMetadata
  types?: AnnotationType[]
  /** Collations of versions of the text, exported as a parallel-segmentation apparatus (TEI). */
  collations?: EditionCollation[]
  /**
   * Every non-orphaned annotation's position selector is its exact range in
   * `projection` (set by doc/edition/readEdition, which resolved them from the live
   * document): exporters take the ranges as they are instead of checking quotes.
   */
  anchorsPlaced?: boolean
}
