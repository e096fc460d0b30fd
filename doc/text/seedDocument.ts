import * as Y from 'yjs'
import { DOC_MODEL } from '../model'

/** Metadata stored in the Y.Doc's `meta` map (see docs/DATA-MODEL.md). */
export interface SeedMeta {
  title: string
  sourceHash: string
  createdAt: string
}

/**
 * Builds a document's first state as one Yjs update, with plain Yjs: the
 * `prosemirror` XmlFragment holds one `paragraph` XmlElement per paragraph, each
 * with one XmlText — what y-prosemirror writes for `doc: paragraph+`. The server
 * builds and stores it ONCE when the document is created; clients never seed, so
 * two first opens at the same time cannot insert the text twice.
 */
export function seedDocument(paragraphs: readonly string[], meta: SeedMeta): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    const elements = paragraphs.map((text) => {
      const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
      const content = new Y.XmlText()
      content.insert(0, text)
      paragraph.insert(0, [content])
      return paragraph
    })
    doc.getXmlFragment(DOC_MODEL.fragment).insert(0, elements)
    const metaMap = doc.getMap(DOC_MODEL.meta)
    metaMap.set('title', meta.title)
    metaMap.set('sourceHash', meta.sourceHash)
    metaMap.set('createdAt', meta.createdAt)
  })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
