import * as Y from 'yjs'
import { uuidv4 } from 'lib0/random'
import { DOC_MODEL } from '../../core/text/docModel'
import type { TextOffset } from '../../core/text/projection'
import {
  BUILT_IN_TYPE_DEFS,
  isBuiltInType,
  type Annotation,
  type AnnotationLink,
  type AnnotationType,
  type Comment,
  type Suggestion,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../../core/annotations/annotation'
import { createAnchor } from '../../core/annotations/createAnchor'
import { reanchor } from '../../core/annotations/reanchor'
import { FragmentText } from './fragmentText'

/**
 * The annotations of a workspace document as Yjs data (docs/DATA-MODEL.md,
 * "Annotations"). Pure Yjs: runs in the browser and in Node.
 *
 * ydoc.getMap('annotations'): id → Y.Map with
 *   id, type, author, created, updated (ISO strings), status 'open' | 'resolved',
 *   color? (#rrggbb), orphaned (boolean), suggestion? ({text, state, original}),
 *   keep?, cluster?,
 *   anchor: { start, end, quote, position } (a plain JSON value, replaced whole),
 *   comments: Y.Array<Y.Map> (id, author, created, updated?, text),
 *   links: Y.Array<{rel, target}>.
 *
 * The anchor's `start` / `end` are Y.relativePositionToJSON() of relative
 * positions into the paragraphs' Y.XmlText: `start` sits on the first annotated
 * character with assoc 0 (it sticks to that character's right side), `end` just
 * after the last annotated character with assoc −1 (it sticks to that
 * character). So text typed strictly inside the range extends it, and text typed
 * at either edge stays outside: typing "x" just before or just after an
 * annotation on "abc" leaves it on "abc" (the behaviour of comments in Google
 * Docs and Hypothesis). The two ends may sit in different paragraphs.
 */

/** Assoc of the start and end relative positions (see above). */
export const ANCHOR_ASSOC = { start: 0, end: -1 } as const

/** Transaction origin of selector refreshes, so observers can tell them from user writes. */
export const ANNOTATION_REFRESH_ORIGIN = 'variorum:annotation-refresh'

/** The anchor as stored in the Y.Map: live relative positions plus the durable selectors. */
export interface StoredAnchor {
  /** Y.relativePositionToJSON of the first character's position; null when unknown (e.g. after an import). */
  start: unknown
  /** Y.relativePositionToJSON of the position after the last character; null when unknown. */
  end: unknown
  quote: TextQuoteSelector
  position: TextPositionSelector
}

/** Where an annotation is now. */
export type Resolution =
  | {
      status: 'anchored'
      start: TextOffset
      end: TextOffset
      /** 'live': from the relative positions; 'reanchored': recovered from the quote. */
      via: 'live' | 'reanchored'
    }
  | { status: 'orphaned' }

export function annotationsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap(DOC_MODEL.annotations)
}

export function annotationTypesMap(ydoc: Y.Doc): Y.Map<{ name: string; color: string; label: string }> {
  return ydoc.getMap(DOC_MODEL.annotationTypes)
}

export function fragmentOf(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(DOC_MODEL.fragment)
}

const nowIso = () => new Date().toISOString()

/** What a new annotation needs; offsets are projection offsets [start, end). */
export interface NewAnnotation {
  type: string
  author: string
  start: TextOffset
  end: TextOffset
  comment?: string
  suggestion?: string
  color?: string
  links?: AnnotationLink[]
  id?: string
}

/**
 * The relative positions for [start, end) of the projection. The range is first
 * narrowed to the characters it covers: a start on a paragraph's end or in a
 * separator moves to the next character, an end at a paragraph's start moves
 * back to the previous character, because a relative position must stick to a
 * character (see ANCHOR_ASSOC). Returns null when the range covers no character.
 */
export function relativeRange(
  text: FragmentText,
  start: TextOffset,
  end: TextOffset,
): { start: Y.RelativePosition; end: Y.RelativePosition; from: TextOffset; to: TextOffset } | null {
  const from = text.nextCharStart(start)
  const to = text.previousCharEnd(end)
  if (from === null || to === null || from >= to) return null
  const first = text.charAt(from)!
  const afterLast = text.charBefore(to)!
  return {
    start: Y.createRelativePositionFromTypeIndex(first.text, first.index, ANCHOR_ASSOC.start),
    end: Y.createRelativePositionFromTypeIndex(afterLast.text, afterLast.index, ANCHOR_ASSOC.end),
    from,
    to,
  }
}

/**
 * Creates an annotation on [start, end) of the projection and returns its id.
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
  const range = relativeRange(text, input.start, input.end)
  if (!range) throw new RangeError(`range [${input.start}, ${input.end}) covers no character`)
  const id = input.id ?? uuidv4()
  const time = nowIso()
  const selectors = createAnchor(text.projection, range.from, range.to)
  const anchor: StoredAnchor = {
    start: Y.relativePositionToJSON(range.start),
    end: Y.relativePositionToJSON(range.end),
    quote: selectors.quote,
    position: selectors.position,
  }
  ydoc.transact(() => {
    const entry = new Y.Map<unknown>()
    entry.set('id', id)
    entry.set('type', input.type)
    entry.set('author', input.author)
    entry.set('created', time)
    entry.set('updated', time)
    entry.set('status', 'open')
    entry.set('orphaned', false)
    if (input.color) entry.set('color', input.color)
    entry.set('anchor', anchor)
    const comments = new Y.Array<Y.Map<unknown>>()
    if (input.comment) comments.push([commentMap(input.author, input.comment, time)])
    entry.set('comments', comments)
    const links = new Y.Array<AnnotationLink>()
    if (input.links?.length) links.push(input.links.map((link) => ({ ...link })))
    entry.set('links', links)
    if (input.suggestion !== undefined) {
      const suggestion: Suggestion = { text: input.suggestion, state: 'open', original: selectors.quote.exact }
      entry.set('suggestion', suggestion)
    }
    annotationsMap(ydoc).set(id, entry)
  })
  return id
}

function commentMap(author: string, text: string, time: string): Y.Map<unknown> {
  const comment = new Y.Map<unknown>()
  comment.set('id', uuidv4())
  comment.set('author', author)
  comment.set('created', time)
  comment.set('text', text)
  return comment
}

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

/** Adds a comment to the thread; returns its id. Throws RangeError for an unknown annotation or empty text. */
export function addComment(ydoc: Y.Doc, annotationId: string, author: string, text: string): string {
  if (!text.trim()) throw new RangeError('a comment must not be empty')
  const entry = entryOf(ydoc, annotationId)
  const time = nowIso()
  const comment = commentMap(author, text, time)
  ydoc.transact(() => {
    commentsOf(entry).push([comment])
    entry.set('updated', time)
  })
  return comment.get('id') as string
}

function findComment(entry: Y.Map<unknown>, commentId: string, author: string): { index: number; comment: Y.Map<unknown> } {
  const comments = commentsOf(entry).toArray()
  const index = comments.findIndex((c) => c.get('id') === commentId)
  if (index < 0) throw new RangeError(`no comment "${commentId}"`)
  if (comments[index].get('author') !== author) throw new RangeError(`comment "${commentId}" belongs to another author than "${author}"`)
  return { index, comment: comments[index] }
}

/** Replaces the text of one's own comment. Throws RangeError for an unknown or someone else's comment. */
export function editComment(ydoc: Y.Doc, annotationId: string, commentId: string, author: string, text: string): void {
  if (!text.trim()) throw new RangeError('a comment must not be empty')
  const entry = entryOf(ydoc, annotationId)
  const { comment } = findComment(entry, commentId, author)
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
  const { index } = findComment(entry, commentId, author)
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
  const suggestion = entry.get('suggestion') as Suggestion | undefined
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
  const previous = entry.get('suggestion') as Suggestion | undefined
  ydoc.transact(() => {
    entry.set('suggestion', { text, state: 'open', original: previous?.original ?? readStoredAnchor(entry).quote.exact })
    entry.set('updated', nowIso())
  })
}

/**
 * Re-anchors an annotation on [start, end) of the current text (after its text
 * was replaced, e.g. by accepting a suggestion). Throws RangeError when the
 * range covers no character.
 */
export function moveAnchor(ydoc: Y.Doc, annotationId: string, start: TextOffset, end: TextOffset): void {
  const entry = entryOf(ydoc, annotationId)
  const text = new FragmentText(fragmentOf(ydoc))
  const range = relativeRange(text, start, end)
  if (!range) throw new RangeError(`range [${start}, ${end}) covers no character`)
  const selectors = createAnchor(text.projection, range.from, range.to)
  ydoc.transact(() => {
    entry.set('anchor', {
      start: Y.relativePositionToJSON(range.start),
      end: Y.relativePositionToJSON(range.end),
      quote: selectors.quote,
      position: selectors.position,
    } satisfies StoredAnchor)
    entry.set('orphaned', false)
  }, ANNOTATION_REFRESH_ORIGIN)
}

/** Removes an annotation for everyone. Unknown ids are ignored (someone else deleted it first). */
export function deleteAnnotation(ydoc: Y.Doc, annotationId: string): void {
  annotationsMap(ydoc).delete(annotationId)
}

/** Adds a link to another annotation. */
export function addLink(ydoc: Y.Doc, annotationId: string, link: AnnotationLink): void {
  const entry = entryOf(ydoc, annotationId)
  ydoc.transact(() => {
    let links = entry.get('links')
    if (!(links instanceof Y.Array)) {
      links = new Y.Array<AnnotationLink>()
      entry.set('links', links)
    }
    ;(links as Y.Array<AnnotationLink>).push([{ rel: link.rel, target: link.target }])
    entry.set('updated', nowIso())
  })
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i

/**
 * Adds or changes one of the document's own annotation types.
 * Throws RangeError for a built-in name, an empty name or a colour other than #rrggbb.
 */
export function defineAnnotationType(ydoc: Y.Doc, type: { name: string; color: string; label?: string }): void {
  const name = type.name.trim()
  if (!name) throw new RangeError('a type name must not be empty')
  if (isBuiltInType(name)) throw new RangeError(`"${name}" is a built-in type`)
  if (!HEX_COLOR.test(type.color)) throw new RangeError(`colour "${type.color}" is not #rrggbb`)
  annotationTypesMap(ydoc).set(name, { name, color: type.color, label: type.label?.trim() || name })
}

/** Removes one of the document's own types (annotations of that type keep their type name). */
export function removeAnnotationType(ydoc: Y.Doc, name: string): void {
  annotationTypesMap(ydoc).delete(name)
}

/** The built-in types followed by the document's own, sorted by name. */
export function listAnnotationTypes(ydoc: Y.Doc): AnnotationType[] {
  const own: AnnotationType[] = []
  annotationTypesMap(ydoc).forEach((value, name) => {
    if (isBuiltInType(name) || !value || typeof value !== 'object') return
    own.push({
      name,
      color: HEX_COLOR.test(value.color) ? value.color : '#555555',
      label: typeof value.label === 'string' && value.label ? value.label : name,
      builtIn: false,
    })
  })
  own.sort((a, b) => a.name.localeCompare(b.name))
  return [...BUILT_IN_TYPE_DEFS, ...own]
}

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

function readComment(value: unknown): Comment[] {
  if (!(value instanceof Y.Map)) return []
  const comment: Comment = {
    id: str(value.get('id')),
    author: str(value.get('author')),
    created: str(value.get('created')),
    text: str(value.get('text')),
  }
  const updated = value.get('updated')
  if (typeof updated === 'string') comment.updated = updated
  return [comment]
}

/** The stored anchor, with empty selectors when a foreign client left them out. */
export function readStoredAnchor(entry: Y.Map<unknown>): StoredAnchor {
  const raw = (entry.get('anchor') ?? {}) as Partial<StoredAnchor>
  const quote = raw.quote && typeof raw.quote.exact === 'string'
    ? { type: 'TextQuoteSelector' as const, exact: raw.quote.exact, prefix: str(raw.quote.prefix), suffix: str(raw.quote.suffix) }
    : { type: 'TextQuoteSelector' as const, exact: '', prefix: '', suffix: '' }
  const position = raw.position && Number.isInteger(raw.position.start) && Number.isInteger(raw.position.end)
    ? { type: 'TextPositionSelector' as const, start: raw.position.start, end: raw.position.end }
    : { type: 'TextPositionSelector' as const, start: 0, end: 0 }
  return { start: raw.start ?? null, end: raw.end ?? null, quote, position }
}

function absoluteOffset(ydoc: Y.Doc, text: FragmentText, json: unknown): TextOffset | null {
  if (!json || typeof json !== 'object') return null
  let absolute: Y.AbsolutePosition | null
  try {
    // followUndoneDeletions = false: which items an undo re-created is known only to
    // the client that undid (Item.redone is not synced), so following it would let
    // clients disagree. Restored text is found by the quote instead (resolveAnnotation).
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), ydoc, false)
  } catch {
    return null
  }
  if (!absolute) return null
  return text.offsetOf(absolute.type, absolute.index)
}

/**
 * Where an annotation is now, computed from the document alone (so every client
 * with the same document state gets the same answer):
 * 1. Both relative positions resolve into live paragraphs: the range between
 *    them. If it is empty, the annotated characters were deleted: orphaned, unless
 *    the quote's exact text sits right at that point: y-prosemirror splits a
 *    paragraph by deleting its tail and inserting a new paragraph, and an undo
 *    re-creates deleted text as new characters; both put the same words back
 *    where the old ones were.
 * 2. A position does not resolve (the paragraph was removed, or the anchor came
 *    from an import and has no positions): `reanchor` from core on the quote and
 *    position selectors; exact or fuzzy → anchored, else orphaned.
 */
export function resolveAnnotation(ydoc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>): Resolution {
  const anchor = readStoredAnchor(entry)
  const start = absoluteOffset(ydoc, text, anchor.start)
  const end = absoluteOffset(ydoc, text, anchor.end)
  if (start !== null && end !== null) {
    if (start < end) return { status: 'anchored', start, end, via: 'live' }
    const exact = anchor.quote.exact
    if (exact) {
      // Slack of 2 = the paragraph separator a split inserts before the moved text.
      const at = text.projection.indexOf(exact, Math.max(0, start - exact.length - 2))
      if (at !== -1 && at <= start + 2) return { status: 'anchored', start: at, end: at + exact.length, via: 'reanchored' }
    }
    return { status: 'orphaned' }
  }
  const found = reanchor(text.projection, { quote: anchor.quote, position: anchor.position })
  if (found.status === 'orphaned' || found.start >= found.end) return { status: 'orphaned' }
  return { status: 'anchored', start: found.start, end: found.end, via: 'reanchored' }
}

/**
 * How far (code units, start and end drift summed) the stored position selector
 * may lag behind the text before a refresh rewrites it when the quote itself is
 * unchanged. It is a hint for `reanchor`, whose exact matching ranks candidates
 * by context first; without this slack every keystroke near the top of a
 * document would rewrite the anchors of all annotations below it.
 * Worked example: typing 20 characters before 3,000 annotations rewrites none
 * of them (drift 40); typing 40 rewrites each once (drift 80), in one
 * transaction.
 */
export const POSITION_DRIFT_LIMIT = 64

/**
 * Brings the stored selectors, positions and orphan flag of every annotation in
 * line with the text, writing only what changed, in one transaction with origin
 * ANNOTATION_REFRESH_ORIGIN. Returns how many annotations were written.
 *
 * Why lazily and by the editor only: readers never need the stored selectors
 * (they resolve the relative positions on read), so they are kept for clients
 * that cannot (an export, a CLI, an import). Only the client whose own edit
 * changed the text refreshes, some time after its last keystroke
 * (`watchTextEdits`), so N readers never write and one typist writes one small
 * transaction per pause instead of one per keystroke per client.
 * An orphaned annotation keeps its last quote and position: that is what the
 * orphan list shows and what a later re-anchoring searches for.
 */
export function refreshSelectors(ydoc: Y.Doc): number {
  const text = new FragmentText(fragmentOf(ydoc))
  let written = 0
  ydoc.transact(() => {
    annotationsMap(ydoc).forEach((entry) => {
      if (!(entry instanceof Y.Map)) return
      const stored = readStoredAnchor(entry)
      const resolution = resolveAnnotation(ydoc, text, entry)
      if (resolution.status === 'orphaned') {
        if (entry.get('orphaned') !== true) {
          entry.set('orphaned', true)
          written++
        }
        return
      }
      const selectors = createAnchor(text.projection, resolution.start, resolution.end)
      let next: StoredAnchor = { ...stored, quote: selectors.quote, position: selectors.position }
      if (resolution.via === 'reanchored') {
        const range = relativeRange(text, resolution.start, resolution.end)
        if (range) next = { ...next, start: Y.relativePositionToJSON(range.start), end: Y.relativePositionToJSON(range.end) }
      }
      const drift = Math.abs(stored.position.start - resolution.start) + Math.abs(stored.position.end - resolution.end)
      const changed = resolution.via === 'reanchored'
        || JSON.stringify(next.quote) !== JSON.stringify(stored.quote)
        || drift > POSITION_DRIFT_LIMIT
        || JSON.stringify(next) !== JSON.stringify({ ...readStoredAnchor(entry), quote: next.quote, position: next.position })
      const wasOrphaned = entry.get('orphaned') !== false
      if (changed) entry.set('anchor', next)
      if (wasOrphaned) entry.set('orphaned', false)
      if (changed || wasOrphaned) written++
    })
  }, ANNOTATION_REFRESH_ORIGIN)
  return written
}

/**
 * Refreshes the stored selectors `delayMs` after this client's last own edit of
 * the text (remote edits are refreshed by their authors). Returns the stop
 * function, which also flushes a pending refresh.
 */
export function watchTextEdits(ydoc: Y.Doc, delayMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    refreshSelectors(ydoc)
  }
  const onChange = (_events: unknown, transaction: Y.Transaction) => {
    if (!transaction.local) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(run, delayMs)
  }
  const fragment = fragmentOf(ydoc)
  fragment.observeDeep(onChange)
  return () => {
    fragment.unobserveDeep(onChange)
    if (timer) {
      clearTimeout(timer)
      run()
    }
  }
}
