/**
 * The annotation model as plain, JSON-serialisable data: what the shared Y.Doc
 * stores (see docs/DATA-MODEL.md), what the exporters read and what the importer
 * writes. Offsets are UTF-16 code units into the plain-text projection
 * (`TextOffset` from core/text).
 */
import type { TextOffset } from '../text'

/**
 * The annotation types every document has. Editors may add their own per document
 * (`AnnotationType` with `builtIn: false`); an annotation's `type` is a type name.
 */
export const BUILT_IN_TYPES = [
  'duplicate',
  'variant',
  'layout-break',
  'continuation',
  'typo',
  'intrusion',
  'misplaced',
  'note',
  'suggestion',
] as const

/** Name of one of the built-in types. */
export type BuiltInTypeName = (typeof BUILT_IN_TYPES)[number]

/** A type an annotation can have: the built-ins plus each document's own. */
export interface AnnotationType {
  /** Stable key stored in `Annotation.type`. */
  name: string
  /** CSS colour "#rrggbb"; never the only cue: UIs and exports also show `label`. */
  color: string
  /** Human-readable label shown beside the colour. */
  label: string
  builtIn: boolean
}

/**
 * Colours and labels of the built-in types. The colours are distinct in hue and
 * dark enough for white label text (contrast ≥ 4.5:1 for every entry).
 */
export const BUILT_IN_TYPE_DEFS: readonly AnnotationType[] = [
  { name: 'duplicate', color: '#b3261e', label: 'Duplicate', builtIn: true },
  { name: 'variant', color: '#6a3fa0', label: 'Variant', builtIn: true },
  { name: 'layout-break', color: '#8a5a00', label: 'Layout break', builtIn: true },
  { name: 'continuation', color: '#00677f', label: 'Continuation', builtIn: true },
  { name: 'typo', color: '#c2185b', label: 'Typo', builtIn: true },
  { name: 'intrusion', color: '#37474f', label: 'Intrusion', builtIn: true },
  { name: 'misplaced', color: '#2e6b30', label: 'Misplaced', builtIn: true },
  { name: 'note', color: '#1a5fb4', label: 'Note', builtIn: true },
  { name: 'suggestion', color: '#9c4a00', label: 'Suggestion', builtIn: true },
]

/** True for the name of a built-in type. */
export function isBuiltInType(name: string): name is BuiltInTypeName {
  return (BUILT_IN_TYPES as readonly string[]).includes(name)
}

/** One entry of an annotation's comment thread. Times are ISO 8601 strings. */
export interface Comment {
  id: string
  author: string
  /**
   * The author's principal id (account id, `token:<id>` or `share:<id>`), which the
   * server checks against the sender (docs/DATA-MODEL.md, "Who may write what");
   * absent on comments written in open mode or before accounts existed.
   */
  authorId?: string
  created: string
  /** Set when the author edited the text. */
  updated?: string
  text: string
}

/** W3C TextQuoteSelector: the annotated text and up to ~32 characters either side. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector'
  exact: string
  prefix: string
  suffix: string
}

/** W3C TextPositionSelector over the projection: [start, end) in UTF-16 code units. */
export interface TextPositionSelector {
  type: 'TextPositionSelector'
  start: TextOffset
  end: TextOffset
}

/**
 * Where an annotation sits, independent of Yjs: the quote is the durable part,
 * the position a hint kept current by whoever edits the text. `reanchor` recovers
 * the range from both.
 */
export interface AnnotationAnchor {
  quote: TextQuoteSelector
  position: TextPositionSelector
}

/** Well-known link relations; any other string is allowed for custom links. */
export type AnnotationLinkRel = 'duplicate-cluster' | 'variant-pair' | 'continuation'

/** A typed link from one annotation to another (by annotation id). */
export interface AnnotationLink {
  rel: AnnotationLinkRel | (string & {})
  target: string
}

/**
 * Replacement text proposed for the annotated range.
 * `state` 'open' (default) = proposed, not applied; 'accepted' = applied to the
 * text (the anchor now covers the new text and `original` holds the replaced
 * text, when known); 'rejected' = kept for the record, never applied.
 */
export interface Suggestion {
  text: string
  state?: 'open' | 'accepted' | 'rejected'
  original?: string
}

export interface Annotation {
  id: string
  /** A type name: one of BUILT_IN_TYPES or a document's own type. */
  type: string
  author: string
  /** The author's principal id, as on Comment; absent in open mode. */
  authorId?: string
  created: string
  updated: string
  status: 'open' | 'resolved'
  /** Overrides the type's colour ("#rrggbb"). */
  color?: string
  comments: Comment[]
  links: AnnotationLink[]
  anchor: AnnotationAnchor
  /** True when the annotated text was deleted: kept with its last quote, shown in an orphan list. */
  orphaned?: boolean
  /** A proposed replacement (type 'suggestion', or a fix on a typo / layout break). */
  suggestion?: Suggestion
  /** Duplicate annotations: true on the occurrence the edition keeps. */
  keep?: boolean
  /** Duplicate annotations: id shared by every occurrence of one duplicated passage. */
  cluster?: string
}

/**
 * An editor's decision between two versions of a passage (issue 5): which reading
 * the edition prints. `witnesses` name the two sources, e.g. "page 1" and
 * "continuation"; `text` is the edited reading when `reading` is 'edited'.
 */
export interface Decision {
  id: string
  a: TextPositionSelector
  b: TextPositionSelector
  reading: 'a' | 'b' | 'edited'
  text?: string
  note?: string
  author: string
  created: string
  witnesses: { a: string; b: string }
}
