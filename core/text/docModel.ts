/**
 * Names of the shared Y.Doc's top-level types and of the ProseMirror nodes stored
 * in it: the contract that lets any Yjs client read and write a workspace document
 * (see docs/DATA-MODEL.md). Kept here, free of Yjs, so server, client and tests
 * agree on one spelling.
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
} as const
