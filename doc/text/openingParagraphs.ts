import * as Y from 'yjs'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
import { fragmentOf } from '../model'
import { paragraphText } from './FragmentText'

/** A stretch of consecutive paragraphs of the projection, for showing a document before it has loaded. */
export interface OpeningParagraphs {
  /** Paragraphs in the whole document. */
  total: number
  /** Index of the first paragraph given. */
  first: number
  /** Projection offset of the first given paragraph's start. */
  start: TextOffset
  /** The paragraphs' texts, in order, as the projection has them. */
  paragraphs: string[]
}

export interface OpeningLimits {
  /** Start at the paragraph holding this projection offset (a separator belongs to the paragraph after it); past the end, the last paragraph. */
  at: TextOffset
  /** At most this many paragraphs… */
  maxParagraphs: number
  /** …and stop after the paragraph that reaches this many characters. */
  maxCharacters: number
}

/**
 * The paragraphs from the one holding `at` on, as many as a first screen needs (the
 * limits), read without building the whole projection: texts are read only from `at`'s
 * paragraph on; before it only lengths. Paragraphs are the fragment's Y.XmlElements,
 * as in FragmentText, so `start` and the texts agree with every other projection offset.
 */
export function openingParagraphs(doc: Y.Doc, limits: OpeningLimits): OpeningParagraphs {
  const elements = fragmentOf(doc).toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
  let first = 0
  let start = 0
  // Walk to the paragraph holding `at`: its text ends at or after `at`.
  while (first < elements.length - 1) {
    const end = start + paragraphText(elements[first]).length
    if (limits.at <= end) break
    start = end + PARAGRAPH_SEPARATOR.length
    first++
  }
  const paragraphs: string[] = []
  let characters = 0
  for (let index = first; index < elements.length && paragraphs.length < limits.maxParagraphs && characters < limits.maxCharacters; index++) {
    const text = paragraphText(elements[index])
    paragraphs.push(text)
    characters += text.length
  }
  return { total: elements.length, first: elements.length === 0 ? 0 : first, start, paragraphs }
}

/** The most an opening holds: what a browser may ask for (GET /api/documents/:id/opening). */
export const MAX_OPENING: Omit<OpeningLimits, 'at'> = { maxParagraphs: 200, maxCharacters: 8000 }

/**
 * `opening` cut to `limits` as openingParagraphs would have cut it, for an opening
 * read with larger limits (MAX_OPENING) from the same offset.
 */
export function trimOpening(opening: OpeningParagraphs, limits: Omit<OpeningLimits, 'at'>): OpeningParagraphs {
  const paragraphs: string[] = []
  let characters = 0
  for (const text of opening.paragraphs) {
    if (paragraphs.length >= limits.maxParagraphs || characters >= limits.maxCharacters) break
    paragraphs.push(text)
    characters += text.length
  }
  return { ...opening, paragraphs }
}

/**
 * The opening (offset 0, within `limits`) of a document whose paragraphs' texts are
 * `texts`, in order: what openingParagraphs reads from a doc holding them, without
 * building one (a new document's, from the text it is created from).
 */
export function openingOfTexts(texts: readonly string[], limits: Omit<OpeningLimits, 'at'> = MAX_OPENING): OpeningParagraphs {
  return trimOpening({ total: texts.length, first: 0, start: 0, paragraphs: texts.slice(0, limits.maxParagraphs) }, limits)
}
