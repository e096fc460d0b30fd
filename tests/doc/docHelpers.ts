import * as Y from 'yjs'
import { DOC_MODEL } from '../../doc'

/** A Y.Doc whose fragment holds `paragraphs`, written as docs/DATA-MODEL.md describes. */
export function docWith(paragraphs: string[], clientID?: number): Y.Doc {
  const ydoc = new Y.Doc()
  if (clientID !== undefined) ydoc.clientID = clientID
  const fragment = ydoc.getXmlFragment(DOC_MODEL.fragment)
  fragment.insert(0, paragraphs.map((text) => {
    const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
    paragraph.insert(0, [new Y.XmlText(text)])
    return paragraph
  }))
  return ydoc
}

/** The Y.XmlText of paragraph `index`. */
export function textOf(ydoc: Y.Doc, index: number): Y.XmlText {
  const paragraph = ydoc.getXmlFragment(DOC_MODEL.fragment).get(index) as Y.XmlElement
  return paragraph.get(0) as Y.XmlText
}

/**
 * Two replicas of a document holding `paragraphs` (client ids 1 and 2) that
 * exchange every update at once, as two editors through the server.
 */
export function replicaPair(paragraphs: string[]): [Y.Doc, Y.Doc] {
  const one = docWith(paragraphs, 1)
  const two = new Y.Doc()
  two.clientID = 2
  Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
  one.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== 'remote') Y.applyUpdate(two, update, 'remote') })
  two.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== 'remote') Y.applyUpdate(one, update, 'remote') })
  return [one, two]
}
