import type * as Y from 'yjs'

/**
 * Names of the shared Y.Doc's top-level types and of the ProseMirror nodes stored
 * in it: the contract that lets any Yjs client read and write a workspace document
 * (see docs/DATA-MODEL.md), and one accessor per top-level type, so server, client
 * and tests agree on one spelling.
 */
export const DOC_MODEL = {
  /** Y.XmlFragment holding the ProseMirror document (y-prosemirror's default name). */
  fragment: 'prosemirror',
  /** ProseMirror node name of a paragraph: a Y.XmlElement holding one Y.XmlText. */
  paragraph: 'paragraph',
  /** Y.Map of document metadata: title, sourceHash, createdAt. */
  meta: 'meta',
  /** Y.Map of annotations by id (issue 3). */
  annotations: 'annotations',
  /** Y.Map of per-document annotation types by name (issue 3). */
  annotationTypes: 'annotationTypes',
  /** Y.Map of variant decisions by id (issue 5). */
  decisions: 'decisions',
  /** Y.Map of collations (named witnesses of one passage, and their decisions) by id (issue 17). */
  collations: 'collations',
} as const

/** The text: the fragment y-prosemirror binds the editor to. */
export function fragmentOf(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(DOC_MODEL.fragment)
}

/** Annotations by id, each a Y.Map (docs/DATA-MODEL.md, "Annotations"). */
export function annotationsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap(DOC_MODEL.annotations)
}

/** The document's own annotation types by name. */
export function annotationTypesMap(ydoc: Y.Doc): Y.Map<{ name: string; color: string; label: string }> {
  return ydoc.getMap(DOC_MODEL.annotationTypes)
}

/** Variant decisions by id, each a Y.Map (docs/DATA-MODEL.md, "Decisions"). */
export function decisionsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap(DOC_MODEL.decisions)
}

/** Collations by id, each a Y.Map (docs/DATA-MODEL.md, "Collations"). */
export function collationsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap(DOC_MODEL.collations)
}

/**
 * Transaction origin of a removal a view offers to undo (a decision cleared, a
 * collation or a collation decision deleted; issue #18, point 4): the compare and
 * collation views' undo manager tracks it, so Ctrl+Z there brings back what this
 * user removed, and never what another editor did.
 */
export const REMOVAL_ORIGIN = 'variorum:removal'
