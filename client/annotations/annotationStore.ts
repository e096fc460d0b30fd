import * as Y from 'yjs'
import { KEPT_COPY_LABEL } from '../../core/export/typeInfo'
import type { Annotation, AnnotationType } from '../../core/annotations/annotation'
import type { TextOffset } from '../../core/text/projection'
import {
  addComment,
  anchorPoints,
  annotationsMap,
  annotationTypesMap,
  createAnnotation,
  defineAnnotationType,
  deleteAnnotation,
  deleteComment,
  editComment,
  fragmentOf,
  listAnnotationTypes,
  readAnnotation,
  removeAnnotationType,
  resolveAnnotation,
  setStatus,
  settleSuggestion,
  watchTextEdits,
  type AnchorPoints,
  type NewAnnotation,
  type Resolution,
} from '../../doc'
import { FragmentText } from '../../doc'

/** An annotation as the UI shows it: the stored data plus where it is now. */
export interface AnnotationView extends Annotation {
  /** Live: computed from the current text, not the stored orphan flag. */
  resolution: Resolution
  /** The covered text now, or the last quote of an orphan. */
  text: string
  /** The type's definition; an unknown type name gets a grey stand-in. */
  typeDef: AnnotationType
}

/** What changed: annotations / types (act at once) or only the text (may be batched). */
export type ChangeKind = 'annotations' | 'text'

/**
 * The annotations of one Y.Doc, read and written for the UI (no Vue). `list()`
 * is cached and recomputed on the first read after a change: O(annotations +
 * paragraphs). Writes go through the annotationDoc functions, so any Yjs client
 * writing the same structure (docs/DATA-MODEL.md) shows up here.
 *
 * After text edits that only change characters inside paragraphs, only the
 * annotations anchored in an edited paragraph resolve their Yjs relative
 * positions again; the others keep their (paragraph, index) points and only
 * their offsets are recomputed. Resolving all 5,000 anchors of a large
 * document took ~100 ms on every pause in typing (issue #20).
 */
export class AnnotationStore {
  private cache: AnnotationView[] | null = null
  private typeCache: AnnotationType[] | null = null
  private readonly listeners = new Set<(kind: ChangeKind) => void>()
  private readonly stopWatching: () => void
  /** Each annotation's resolved points, valid while their paragraphs are not edited (see list()). */
  private points = new Map<Y.Map<unknown>, AnchorPoints>()
  /** Paragraph texts edited since the last list(). */
  private readonly editedTexts = new Set<object>()
  private readonly onAnnotations = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    // Only an edited entry (its anchor rewritten by a selector refresh, a comment
    // added) resolves again; the others keep their points. Added entries have none yet.
    const annotations: unknown = annotationsMap(this.ydoc)
    for (const event of events) {
      let at: unknown = event.target
      while (at instanceof Y.AbstractType && at.parent !== annotations) at = at.parent
      if (at instanceof Y.Map) this.points.delete(at)
    }
    this.changed('annotations')
  }
  /** Type definitions move no anchor. */
  private readonly onTypes = () => this.changed('annotations')
  private readonly onText = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      // Characters typed into a paragraph: its Y.XmlText is the target. Anything
      // else (paragraphs added, removed, split or merged) moves points between
      // paragraphs, so every annotation resolves again.
      if (event.target instanceof Y.XmlText) this.editedTexts.add(event.target)
      else this.points.clear()
    }
    this.changed('text')
  }

  /** `refreshDelayMs`: delay of the selector refresh after this client's own edits (see watchTextEdits); null: never. */
  constructor(readonly ydoc: Y.Doc, refreshDelayMs: number | null = 1500) {
    annotationsMap(ydoc).observeDeep(this.onAnnotations)
    annotationTypesMap(ydoc).observe(this.onTypes)
    fragmentOf(ydoc).observeDeep(this.onText)
    this.stopWatching = refreshDelayMs === null ? () => {} : watchTextEdits(ydoc, refreshDelayMs)
  }

  private changed(kind: ChangeKind): void {
    this.cache = null
    if (kind === 'annotations') this.typeCache = null
    for (const listener of this.listeners) listener(kind)
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: (kind: ChangeKind) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  types(): AnnotationType[] {
    this.typeCache ??= listAnnotationTypes(this.ydoc)
    return this.typeCache
  }

  typeDef(name: string): AnnotationType {
    return this.types().find((t) => t.name === name) ?? { name, color: '#555555', label: name, builtIn: false }
  }

  /**
   * Every annotation: anchored ones in document order (by start, then longer
   * first, then id, so every client lists them alike), then the orphans by
   * their last position.
   */
  list(): AnnotationView[] {
    if (this.cache) return this.cache
    const text = new FragmentText(fragmentOf(this.ydoc))
    const views: AnnotationView[] = []
    const kept = this.points
    const edited = this.editedTexts
    this.points = new Map()
    annotationsMap(this.ydoc).forEach((entry) => {
      if (!(entry instanceof Y.Map)) return
      const annotation = readAnnotation(entry)
      let points = kept.get(entry)
      if (!points || !points.start || !points.end || edited.has(points.start.type) || edited.has(points.end.type)) points = anchorPoints(this.ydoc, entry)
      this.points.set(entry, points)
      const resolution = resolveAnnotation(this.ydoc, text, entry, points)
      views.push({
        ...annotation,
        resolution,
        text: resolution.status === 'anchored' ? text.projection.slice(resolution.start, resolution.end) : annotation.anchor.quote.exact,
        // The copy a flagged cluster keeps is the edition's text, not a duplicate (#18 point 5), as in the exports.
        typeDef: annotation.type === 'duplicate' && annotation.keep === true ? { ...this.typeDef(annotation.type), label: KEPT_COPY_LABEL } : this.typeDef(annotation.type),
      })
    })
    const key = (v: AnnotationView): [number, number, number] => v.resolution.status === 'anchored'
      ? [0, v.resolution.start, -v.resolution.end]
      : [1, v.anchor.position.start, -v.anchor.position.end]
    views.sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    })
    edited.clear()
    this.cache = views
    return views
  }

  get(id: string): AnnotationView | undefined {
    return this.list().find((v) => v.id === id)
  }

  /** Anchored annotations covering projection offset `offset` (start ≤ offset < end), outermost first. */
  at(offset: TextOffset): AnnotationView[] {
    return this.list().filter((v) => v.resolution.status === 'anchored' && v.resolution.start <= offset && offset < v.resolution.end)
  }

  create(input: NewAnnotation): string {
    return createAnnotation(this.ydoc, input)
  }

  addComment(id: string, author: string, text: string): string {
    return addComment(this.ydoc, id, author, text)
  }

  editComment(id: string, commentId: string, author: string, text: string): void {
    editComment(this.ydoc, id, commentId, author, text)
  }

  deleteComment(id: string, commentId: string, author: string): void {
    deleteComment(this.ydoc, id, commentId, author)
  }

  setStatus(id: string, status: 'open' | 'resolved'): void {
    setStatus(this.ydoc, id, status)
  }

  settleSuggestion(id: string, state: 'accepted' | 'rejected'): void {
    settleSuggestion(this.ydoc, id, state)
  }

  delete(id: string): void {
    deleteAnnotation(this.ydoc, id)
  }

  defineType(type: { name: string; color: string; label?: string }): void {
    defineAnnotationType(this.ydoc, type)
  }

  removeType(name: string): void {
    removeAnnotationType(this.ydoc, name)
  }

  destroy(): void {
    this.stopWatching()
    annotationsMap(this.ydoc).unobserveDeep(this.onAnnotations)
    annotationTypesMap(this.ydoc).unobserve(this.onTypes)
    fragmentOf(this.ydoc).unobserveDeep(this.onText)
    this.listeners.clear()
  }
}
