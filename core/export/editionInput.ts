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
}
