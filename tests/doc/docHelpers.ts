import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import type { Annotation } from '../../core/annotations/annotation'
import { createAnnotation, DOC_MODEL, fragmentOf, FragmentText, writeAnnotations } from '../../doc'

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

/**
 * Sixty paragraphs carrying `count` notes of 1–20 characters at places drawn from
 * `seed` (a draw that does not fit is drawn again); `author(i)` writes the i-th.
 */
export function annotatedDoc(count: number, seed: number, author: (i: number) => string): Y.Doc {
  const ydoc = docWith(Array.from({ length: 60 }, (_, i) => `paragraph ${i} holds a few words that notes are written on, and more words`))
  const gen = prng.create(seed)
  let made = 0
  while (made < count) {
    const text = new FragmentText(fragmentOf(ydoc))
    const start = prng.int32(gen, 0, text.length - 3)
    try {
      createAnnotation(ydoc, { type: 'note', author: author(made), start, end: start + prng.int32(gen, 1, 20) })
      made++
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
    }
  }
  return ydoc
}

/**
 * The JSON object written under `key` of an annotation's or comment's map in the
 * text form (docs/DATA-MODEL.md, "Annotations"): throws unless the stored value
 * is a string, so a test of what is written fails on the object form.
 */
export function writtenJson(entry: Y.Map<unknown>, key: string): Record<string, unknown> {
  const value = entry.get(key)
  if (typeof value !== 'string') throw new Error(`"${key}" is stored as ${typeof value}, not as the text of a JSON object`)
  return JSON.parse(value) as Record<string, unknown>
}

/**
 * A typo annotation on [from, to) of the first paragraph, by Ana, with `comments`,
 * written by today's writer (writeAnnotations): the tests of older stored forms
 * compare what they write by hand with this.
 */
export function writeTypoNow(ydoc: Y.Doc, id: string, from: number, to: number, created: string, extra: Partial<Annotation> = {}, comments: { id: string; text: string }[] = []): void {
  const text = textOf(ydoc, 0).toString()
  writeAnnotations(ydoc, [{
    id,
    type: 'typo',
    author: 'Ana',
    authorId: 'acct-ana',
    created,
    updated: created,
    status: 'open',
    comments: comments.map((c) => ({ id: c.id, author: 'Ana', authorId: 'acct-ana', created, text: c.text })),
    links: [],
    anchor: { quote: { type: 'TextQuoteSelector', exact: text.slice(from, to), prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: from, end: to } },
    ...extra,
  }])
}
