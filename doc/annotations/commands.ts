import * as Y from 'yjs'
import { uuidv4 } from 'lib0/random'
import type { Suggestion } from '../../core/annotations/annotation'
import { annotationsMap } from '../model'
import { readStoredAnchor } from './storedAnchor'
import { authorIdFor, localAuthorId } from './localAuthor'
import { storedField } from './storedFields'
import { commentEntry } from './writeAnnotations'

/*
 * Edits of an existing annotation: its thread, status and suggestion, and its
 * deletion. Each is one transaction; each throws RangeError for an unknown
 * annotation or comment.
 */

const nowIso = () => new Date().toISOString()


function entryOf(ydoc: Y.Doc, id: string): Y.Map<unknown> {
  const entry = annotationsMap(ydoc).get(id)
  if (!(entry instanceof Y.Map)) throw new RangeError(`no annotation "${id}"`)
  return entry
}

function commentsOf(entry: Y.Map<unknown>): Y.Array<Y.Map<unknown>> {
  const comments = entry.get('comments')
  if (comments instanceof Y.Array) return comments as Y.Array<Y.Map<unknown>>
  const fresh = new Y.Array<Y.Map<unknown>>()
  entry.set('comments', fresh)
  return fresh
}

/**
 * Adds a comment to the thread; returns its id. `authorId`: the sender's principal id,
 * which the server requires once accounts exist (a principal bound with
 * setLocalAuthorId takes its place). Throws RangeError for an unknown
 * annotation or empty text.
 */
export function addComment(ydoc: Y.Doc, annotationId: string, author: string, text: string, authorId?: string): string {
  if (!text.trim()) throw new RangeError('a comment must not be empty')
  const entry = entryOf(ydoc, annotationId)
  const time = nowIso()
  const commentAuthorId = authorIdFor(ydoc, authorId)
  const comment = commentEntry({ id: uuidv4(), author, ...(commentAuthorId ? { authorId: commentAuthorId } : {}), created: time, text })
  ydoc.transact(() => {
    commentsOf(entry).push([comment])
    entry.set('updated', time)
  })
  return storedField(comment, 'id') as string
}

/**
 * The comment and its index, when it is `author`'s own: by `authorId` when the replica
 * writes as a principal (localAuthor.ts; display names need not be unique), else by name.
 */
function findComment(ydoc: Y.Doc, entry: Y.Map<unknown>, commentId: string, author: string): { index: number; comment: Y.Map<unknown> } {
  const comments = commentsOf(entry).toArray()
  const index = comments.findIndex((c) => storedField(c, 'id') === commentId)
  if (index < 0) throw new RangeError(`no comment "${commentId}"`)
  const principal = localAuthorId(ydoc)
  const own = principal ? storedField(comments[index], 'authorId') === principal : storedField(comments[index], 'author') === author
  if (!own) throw new RangeError(`comment "${commentId}" belongs to another author than "${principal ?? author}"`)
  return { index, comment: comments[index] }
}

/** Replaces the text of one's own comment. Throws RangeError for an unknown or someone else's comment. */
export function editComment(ydoc: Y.Doc, annotationId: string, commentId: string, author: string, text: string): void {
  if (!text.trim()) throw new RangeError('a comment must not be empty')
  const entry = entryOf(ydoc, annotationId)
  const { comment } = findComment(ydoc, entry, commentId, author)
  const time = nowIso()
  ydoc.transact(() => {
    comment.set('text', text)
    comment.set('updated', time)
    entry.set('updated', time)
  })
}

/** Deletes one's own comment. Throws RangeError for an unknown or someone else's comment. */
export function deleteComment(ydoc: Y.Doc, annotationId: string, commentId: string, author: string): void {
  const entry = entryOf(ydoc, annotationId)
  const { index } = findComment(ydoc, entry, commentId, author)
  ydoc.transact(() => {
    commentsOf(entry).delete(index, 1)
    entry.set('updated', nowIso())
  })
}

/** Resolves or reopens an annotation. */
export function setStatus(ydoc: Y.Doc, annotationId: string, status: 'open' | 'resolved'): void {
  const entry = entryOf(ydoc, annotationId)
  ydoc.transact(() => {
    entry.set('status', status)
    entry.set('updated', nowIso())
  })
}

/** Records the outcome of a suggestion (the text edit of an acceptance is made by the caller, through the editor). */
export function settleSuggestion(ydoc: Y.Doc, annotationId: string, state: 'accepted' | 'rejected'): void {
  const entry = entryOf(ydoc, annotationId)
  const suggestion = storedField(entry, 'suggestion') as Suggestion | undefined
  if (!suggestion) throw new RangeError(`annotation "${annotationId}" has no suggestion`)
  ydoc.transact(() => {
    entry.set('suggestion', { ...suggestion, state })
    entry.set('status', 'resolved')
    entry.set('updated', nowIso())
  })
}

/** Sets or replaces the proposed text of a suggestion (state back to 'open'). */
export function setSuggestionText(ydoc: Y.Doc, annotationId: string, text: string): void {
  const entry = entryOf(ydoc, annotationId)
  const previous = storedField(entry, 'suggestion') as Suggestion | undefined
  ydoc.transact(() => {
    entry.set('suggestion', { text, state: 'open', original: previous?.original ?? readStoredAnchor(entry).quote.exact })
    entry.set('updated', nowIso())
  })
}

/** Removes an annotation for everyone. Unknown ids are ignored (someone else deleted it first). */
export function deleteAnnotation(ydoc: Y.Doc, annotationId: string): void {
  annotationsMap(ydoc).delete(annotationId)
}

/**
 * Unflags a duplicated passage: removes, in one transaction (one undo step for an
 * undo manager tracking the caller's origin), every annotation whose `cluster` is
 * `clusterId`, the kept copy's too. Tracked changes proposed with the flag ("keep
 * this copy, remove the others") are suggestions of their own and stay. Returns the
 * ids removed, in no particular order; none when the cluster was already unflagged.
 */
export function unflagDuplicates(ydoc: Y.Doc, clusterId: string, origin: unknown = null): string[] {
  const map = annotationsMap(ydoc)
  const ids: string[] = []
  map.forEach((entry, id) => {
    if (entry instanceof Y.Map && storedField(entry, 'type') === 'duplicate' && storedField(entry, 'cluster') === clusterId) ids.push(id)
  })
  if (ids.length) ydoc.transact(() => ids.forEach((id) => map.delete(id)), origin)
  return ids
}
