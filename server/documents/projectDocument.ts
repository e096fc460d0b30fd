import * as Y from 'yjs'
import { DOC_MODEL, projectParagraphs } from '../../core/text'

/**
 * Paragraph texts of a workspace Y.Doc, in order. Text of any node other than a
 * paragraph's XmlText (there is none today) is read through its own text too, so
 * the projection never silently drops content.
 */
export function paragraphTexts(doc: Y.Doc): string[] {
  return doc.getXmlFragment(DOC_MODEL.fragment).toArray().map(textOf)
}

/** The plain-text projection of a workspace Y.Doc: paragraph texts joined by "\n\n". */
export function projectDocument(doc: Y.Doc): string {
  return projectParagraphs(paragraphTexts(doc))
}

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    // toString() would render marks as XML tags; the delta holds the bare text.
    return (node.toDelta() as { insert: unknown }[])
      .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('')
  }
  if (node instanceof Y.XmlElement) return node.toArray().map(textOf).join('')
  return ''
}
