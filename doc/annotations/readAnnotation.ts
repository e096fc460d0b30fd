import * as Y from 'yjs'
import type { Annotation, AnnotationLink, Comment, Suggestion } from '../../core/annotations/annotation'
import { HEX_COLOR } from './annotationTypes'
import { readStoredAnchor } from './storedAnchor'
import { createdFields } from './storedFields'

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback)

/**
 * The plain data of a stored annotation (core's `Annotation`), tolerant of
 * fields a foreign client left out. Reads both stored forms alike: the fields
 * as created in `fields`, each replaced by a key of the same name when the map
 * has one (storedFields.ts), and the form written before, every field a key.
 * `orphaned` is the stored flag, which may lag behind the text: use
 * `resolveAnnotation` for where it is now.
 */
export function readAnnotation(entry: Y.Map<unknown>): Annotation {
  const field = fieldReader(entry)
  const anchor = readStoredAnchor(entry)
  const comments = entry.get('comments')
  const annotation: Annotation = {
    id: str(field('id')),
    type: str(field('type'), 'note'),
    author: str(field('author')),
    ...authorIdOf(field('authorId')),
    created: str(field('created')),
    updated: str(field('updated'), str(field('created'))),
    status: field('status') === 'resolved' ? 'resolved' : 'open',
    comments: comments instanceof Y.Array ? (comments.toArray() as unknown[]).flatMap(readComment) : [],
    links: readLinks(field('links')),
    anchor: { quote: anchor.quote, position: anchor.position },
    orphaned: field('orphaned') === true,
  }
  const color = field('color')
  if (typeof color === 'string' && HEX_COLOR.test(color)) annotation.color = color
  const suggestion = field('suggestion') as Suggestion | undefined
  if (suggestion && typeof suggestion.text === 'string') annotation.suggestion = { ...suggestion }
  const change = field('change')
  if (change === 'insert' || change === 'delete') annotation.change = change
  const keep = field('keep')
  if (typeof keep === 'boolean') annotation.keep = keep
  const cluster = field('cluster')
  if (typeof cluster === 'string') annotation.cluster = cluster
  return annotation
}

/**
 * `storedField` with the creation fields read once: a key's own value when the
 * map has the key, else the created one (5,000 annotations are read at once
 * when a document opens).
 */
function fieldReader(entry: Y.Map<unknown>): (key: string) => unknown {
  const created = createdFields(entry)
  return (key) => (entry.has(key) ? entry.get(key) : created[key])
}

/** Links: a Y.Array in the form written before `fields`, a plain array inside it. */
function readLinks(value: unknown): AnnotationLink[] {
  const links = value instanceof Y.Array ? (value.toArray() as unknown[]) : Array.isArray(value) ? (value as unknown[]) : []
  return (links as AnnotationLink[]).filter((l) => l && typeof l.target === 'string').map((l) => ({ ...l }))
}

/** `{ authorId }` when the entry has one, else nothing (open mode, older entries). */
function authorIdOf(authorId: unknown): { authorId?: string } {
  return typeof authorId === 'string' ? { authorId } : {}
}

function readComment(value: unknown): Comment[] {
  if (!(value instanceof Y.Map)) return []
  const field = fieldReader(value as Y.Map<unknown>)
  const comment: Comment = {
    id: str(field('id')),
    author: str(field('author')),
    ...authorIdOf(field('authorId')),
    created: str(field('created')),
    text: str(field('text')),
  }
  const updated = field('updated')
  if (typeof updated === 'string') comment.updated = updated
  return [comment]
}
