import * as Y from 'yjs'
import { uuidv4 } from 'lib0/random'
import { isBuiltInType, type Annotation, type AnnotationLink, type Comment } from '../../core/annotations/annotation'
import { createAnchor } from '../../core/annotations/createAnchor'
import type { TextOffset } from '../../core/text/projection'
import { annotationsMap, annotationTypesMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'
import { UNDEFINED_TYPE_COLOR } from './annotationTypes'
import { authorIdFor } from './localAuthor'
import { FIELDS_KEY, fieldsValue } from './storedFields'
import { relativeRange, storedAnchorFor, writeStoredAnchor, type StoredAnchor } from './storedAnchor'

/** What a new annotation needs; offsets are projection offsets [start, end). */
export interface NewAnnotation {
  type: string
  author: string
  /** The author's principal id (required by the server once accounts exist; see docs/DATA-MODEL.md). A principal bound with setLocalAuthorId takes its place. */
  authorId?: string
  start: TextOffset
  end: TextOffset
  comment?: string
  suggestion?: string
  /** With `suggestion`: the text it replaces (default: the annotated text; '' for a proposed insertion). */
  original?: string
  /** A tracked change of suggesting mode (docs/DATA-MODEL.md, "Tracked changes"). */
  change?: 'insert' | 'delete'
  color?: string
  links?: AnnotationLink[]
  id?: string
}

export interface WrittenAnnotations {
  /** Ids written. */
  written: string[]
  /** Annotations not written, each with why (an id the document already has). */
  skipped: { id: string; reason: string }[]
}

/**
 * A comment as the Y.Map the thread holds (docs/DATA-MODEL.md): its fields as
 * created in one `fields` value, the text of a JSON object (storedFields.ts); an edit sets `text`, `author`
 * or `updated` as keys of their own, which take the place of the created ones.
 */
export function commentEntry(comment: Comment): Y.Map<unknown> {
  const entry = new Y.Map<unknown>()
  entry.set(FIELDS_KEY, fieldsValue({
    id: comment.id,
    author: comment.author,
    ...(comment.authorId ? { authorId: comment.authorId } : {}),
    created: comment.created,
    ...(comment.updated ? { updated: comment.updated } : {}),
    text: comment.text,
  }))
  return entry
}

/**
 * The one serializer of an annotation into its Y.Map (docs/DATA-MODEL.md,
 * "Annotations"): every writer (the editor, the panels, imports, the server) goes
 * through it, so all write the same structure. The annotation and its comments
 * carry `ydoc`'s bound principal as `authorId` when one is bound (localAuthor.ts):
 * a restored or imported thread is then written by whoever restores or imports it.
 *
 * The fields it is created with go into one `fields` value (storedFields.ts), less
 * what readers take as the default (`status` 'open', `updated` equal to `created`,
 * no links); the anchor, which selector refreshes rewrite, is a key of its own, and
 * so is `comments`, made only when there is a comment. `change` only when given: a
 * tracked change is made by createAnnotation's callers in doc/suggestions, and
 * writeAnnotations (imports, restores) wrote none before `fields` either.
 */
function annotationEntry(ydoc: Y.Doc, annotation: Annotation, anchor: StoredAnchor, change?: 'insert' | 'delete'): Y.Map<unknown> {
  const entry = new Y.Map<unknown>()
  const authorId = authorIdFor(ydoc, annotation.authorId)
  // A new annotation is anchored: `orphaned` is written once it is not (refreshSelectors).
  entry.set(FIELDS_KEY, fieldsValue({
    id: annotation.id,
    type: annotation.type,
    author: annotation.author,
    ...(authorId ? { authorId } : {}),
    created: annotation.created,
    ...(annotation.updated !== annotation.created ? { updated: annotation.updated } : {}),
    ...(annotation.status !== 'open' ? { status: annotation.status } : {}),
    ...(annotation.color ? { color: annotation.color } : {}),
    ...(annotation.links.length > 0 ? { links: annotation.links.map((l) => ({ rel: l.rel, target: l.target })) } : {}),
    ...(annotation.suggestion ? { suggestion: { state: 'open', ...annotation.suggestion } } : {}),
    ...(change ? { change } : {}),
    ...(annotation.keep !== undefined ? { keep: annotation.keep } : {}),
    ...(annotation.cluster !== undefined ? { cluster: annotation.cluster } : {}),
  }))
  writeStoredAnchor(entry, anchor)
  if (annotation.comments.length > 0) {
    const comments = new Y.Array<Y.Map<unknown>>()
    comments.push(annotation.comments.map((comment) => commentEntry({ ...comment, authorId: authorIdFor(ydoc, comment.authorId) })))
    entry.set('comments', comments)
  }
  return entry
}

/**
 * Writes annotations anchored on the document's current projection into its Y.Doc,
 * in one transaction: relative positions on the characters of each range (so live
 * editors see them where the text is and they follow later edits), fresh quote and
 * position selectors. An empty or separator-only range has no character to stick
 * to: it is stored without relative positions and found again by its quote
 * (DATA-MODEL "Resolving"). An id the document already has is skipped, never
 * overwritten, which makes writing content-derived ids (core/annotations
 * findingAnnotations) idempotent; a type the document does not know is added to
 * its types. `text`: a snapshot of the current text, when the caller has one.
 */
export function writeAnnotations(doc: Y.Doc, annotations: readonly Annotation[], text = new FragmentText(fragmentOf(doc))): WrittenAnnotations {
  const map = annotationsMap(doc)
  const types = annotationTypesMap(doc)
  const result: WrittenAnnotations = { written: [], skipped: [] }
  doc.transact(() => {
    for (const annotation of annotations) {
      if (map.has(annotation.id)) {
        result.skipped.push({ id: annotation.id, reason: 'the document already has an annotation with this id; not replaced' })
        continue
      }
      const { start, end } = annotation.anchor.position
      const range = relativeRange(text, start, end)
      const selectors = range ? createAnchor(text.projection, range.from, range.to) : annotation.anchor
      map.set(annotation.id, annotationEntry(doc, annotation, {
        start: range ? Y.relativePositionToJSON(range.start) : null,
        end: range ? Y.relativePositionToJSON(range.end) : null,
        quote: selectors.quote,
        position: selectors.position,
      }))
      if (!isBuiltInType(annotation.type) && !types.has(annotation.type)) {
        types.set(annotation.type, { name: annotation.type, color: UNDEFINED_TYPE_COLOR, label: annotation.type })
      }
      result.written.push(annotation.id)
    }
  })
  return result
}

/**
 * Creates one annotation on [start, end) of the projection and returns its id (a
 * new UUID unless `input.id` is given; an existing entry of that id is replaced).
 * `text`: a snapshot of the current text, when creating many in one go.
 * Throws RangeError when the range is outside the text or covers no character,
 * or when `type` is neither built in nor defined for this document.
 */
export function createAnnotation(ydoc: Y.Doc, input: NewAnnotation, text = new FragmentText(fragmentOf(ydoc))): string {
  if (!Number.isInteger(input.start) || !Number.isInteger(input.end) || input.start < 0 || input.end > text.length || input.start >= input.end) {
    throw new RangeError(`range [${input.start}, ${input.end}) is not inside the text of length ${text.length}`)
  }
  if (!isBuiltInType(input.type) && !annotationTypesMap(ydoc).has(input.type)) {
    throw new RangeError(`unknown annotation type "${input.type}"`)
  }
  const anchor = storedAnchorFor(text, input.start, input.end)
  if (!anchor) throw new RangeError(`range [${input.start}, ${input.end}) covers no character`)
  const id = input.id ?? uuidv4()
  const time = new Date().toISOString()
  const selectors = { quote: anchor.quote, position: anchor.position }
  const annotation: Annotation = {
    id,
    type: input.type,
    author: input.author,
    ...(input.authorId ? { authorId: input.authorId } : {}),
    created: time,
    updated: time,
    status: 'open',
    comments: input.comment ? [{ id: uuidv4(), author: input.author, ...(input.authorId ? { authorId: input.authorId } : {}), created: time, text: input.comment }] : [],
    links: input.links ?? [],
    anchor: selectors,
    ...(input.color ? { color: input.color } : {}),
    ...(input.suggestion !== undefined ? { suggestion: { text: input.suggestion, state: 'open' as const, original: input.original ?? selectors.quote.exact } } : {}),
  }
  annotationsMap(ydoc).set(id, annotationEntry(ydoc, annotation, anchor, input.change))
  return id
}
