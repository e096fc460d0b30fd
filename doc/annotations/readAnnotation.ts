import * as Y from 'yjs'
import type { Annotation, AnnotationLink, Comment, Suggestion } from '../../core/annotations/annotation'
import { HEX_COLOR } from './annotationTypes'
import { readStoredAnchor } from './storedAnchor'

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback)

/**
 * The plain data of a stored annotation (core's `Annotation`), tolerant of
 * fields a foreign client left out. `orphaned` is the stored flag, which may lag
 * behind the text: use `resolveAnnotation` for where it is now.
 */
export function readAnnotation(entry: Y.Map<unknown>): Annotation {
  const anchor = readStoredAnchor(entry)
  const comments = entry.get('comments')
  const links = entry.get('links')
  const annotation: Annotation = {
    id: str(entry.get('id')),
    type: str(entry.get('type'), 'note'),
    author: str(entry.get('author')),
    ...authorIdOf(entry),
    created: str(entry.get('created')),
    updated: str(entry.get('updated'), str(entry.get('created'))),
    status: entry.get('status') === 'resolved' ? 'resolved' : 'open',
    comments: comments instanceof Y.Array ? (comments.toArray() as unknown[]).flatMap(readComment) : [],
    links: links instanceof Y.Array ? (links.toArray() as AnnotationLink[]).filter((l) => l && typeof l.target === 'string') : [],
    anchor: { quote: anchor.quote, position: anchor.position },
    orphaned: entry.get('orphaned') === true,
  }
  const color = entry.get('color')
  if (typeof color === 'string' && HEX_COLOR.test(color)) annotation.color = color
  const suggestion = entry.get('suggestion') as Suggestion | undefined
  if (suggestion && typeof suggestion.text === 'string') annotation.suggestion = { ...suggestion }
  if (typeof entry.get('keep') === 'boolean') annotation.keep = entry.get('keep') as boolean
  if (typeof entry.get('cluster') === 'string') annotation.cluster = entry.get('cluster') as string
  return annotation
}

/** `{ authorId }` when the entry has one, else nothing (open mode, older entries). */
function authorIdOf(entry: Y.Map<unknown>): { authorId?: string } {
  const authorId = entry.get('authorId')
  return typeof authorId === 'string' ? { authorId } : {}
}

function readComment(value: unknown): Comment[] {
  if (!(value instanceof Y.Map)) return []
  const comment: Comment = {
    id: str(value.get('id')),
    author: str(value.get('author')),
    ...authorIdOf(value),
    created: str(value.get('created')),
    text: str(value.get('text')),
  }
  const updated = value.get('updated')
  if (typeof updated === 'string') comment.updated = updated
  return [comment]
}
