import * as Y from 'yjs'
import { reanchor } from '../../core/annotations/reanchor'
import { myersDiff } from '../../core/align/myersDiff'
import type { TextOffset } from '../../core/text/projection'
import { readAnnotation } from '../annotations/readAnnotation'
import { resolveAnnotation } from '../annotations/resolveAnnotation'
import { writeAnnotations } from '../annotations/writeAnnotations'
import { DOC_MODEL, annotationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'

/** What to bring back from a version; the whole text and every annotation when empty. */
export interface RestoreScope {
  /**
   * Only the paragraphs that differ within [start, end): offsets into the
   * version's text (`side: 'version'`, the default: a passage picked while
   * viewing the version) or into the current text (`side: 'current'`).
   * Annotations are left as they are.
   */
  range?: { start: TextOffset; end: TextOffset; side?: 'version' | 'current' }
  /** Only this annotation, with its comment thread, as the version had it (a deleted one comes back). */
  annotationId?: string
}

/** What a restore changed. */
export interface RestoreResult {
  /** Paragraph blocks changed (each a run of differing paragraphs). */
  changedBlocks: number
  /** Annotation ids written (brought back or replaced) and removed. */
  annotationsWritten: string[]
  annotationsRemoved: string[]
  /** Set when `annotationId` names an annotation the version does not have. */
  missingAnnotation?: string
}

/** Paragraph blocks diffed with Myers up to this many paragraph edits; beyond, one block replaces the middle. */
const MAX_PARAGRAPH_EDITS = 2000
/** Within a paragraph, Myers up to this many character edits; beyond, the differing middle is replaced whole. */
const MAX_CHARACTER_EDITS = 400

/**
 * Makes `current` show what `version` held (a doc rebuilt from a checkpoint), as
 * ONE new transaction on top of the present with `origin`, so it is stored,
 * synced and undone like any edit (a Y.UndoManager tracking `origin` undoes it).
 * The text is changed with few edits: paragraphs are diffed first (equal ones
 * untouched, their annotations and authorship kept), then each pair of differing
 * paragraphs character by character. Annotations: those the version lacks are
 * removed; those it has are written back where it had them unless the current
 * entry already equals it (a replaced entry keeps its id). Formatting inside
 * restored characters follows the surrounding text. Throws RangeError for a
 * range outside the chosen text.
 */
export function restoreVersion(current: Y.Doc, version: Y.Doc, scope: RestoreScope = {}, origin: unknown = null): RestoreResult {
  const result: RestoreResult = { changedBlocks: 0, annotationsWritten: [], annotationsRemoved: [] }
  current.transact(() => {
    if (scope.annotationId !== undefined) {
      restoreOneAnnotation(current, version, scope.annotationId, result)
      return
    }
    result.changedBlocks = restoreText(current, version, scope.range)
    if (!scope.range) restoreAnnotations(current, version, result)
  }, origin)
  return result
}

/** A run of differing paragraphs: current [cFrom, cTo) becomes version [vFrom, vTo). */
interface Block {
  cFrom: number
  cTo: number
  vFrom: number
  vTo: number
}

function restoreText(current: Y.Doc, version: Y.Doc, range: RestoreScope['range']): number {
  const now = new FragmentText(fragmentOf(current))
  const then = new FragmentText(fragmentOf(version))
  const nowParagraphs = now.paragraphs
  const thenParagraphs = then.paragraphs
  let blocks = diffParagraphs(nowParagraphs, thenParagraphs)
  if (range) {
    const side = range.side ?? 'version'
    const length = side === 'version' ? then.length : now.length
    if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end > length || range.start > range.end) {
      throw new RangeError(`range [${range.start}, ${range.end}) is not inside the ${side} text of length ${length}`)
    }
    const starts = paragraphStarts(side === 'version' ? thenParagraphs : nowParagraphs)
    const lengths = (side === 'version' ? thenParagraphs : nowParagraphs).map((p) => p.length)
    blocks = blocks.filter((block) => {
      const [from, to] = side === 'version' ? [block.vFrom, block.vTo] : [block.cFrom, block.cTo]
      const blockStart = from < starts.length ? starts[from] : length
      const blockEnd = to > from ? starts[to - 1] + lengths[to - 1] : blockStart
      return blockStart <= range.end && blockEnd >= range.start
    })
  }
  const elements = paragraphElements(fragmentOf(current))
  const nowStarts = paragraphStarts(nowParagraphs)
  // From the last block back, so that the element indices and offsets of earlier blocks stay valid.
  for (let i = blocks.length - 1; i >= 0; i--) {
    const { cFrom, cTo, vFrom, vTo } = blocks[i]
    const paired = Math.min(cTo - cFrom, vTo - vFrom)
    if (vTo - vFrom > paired) {
      const after = cFrom + paired
      const fragment = fragmentOf(current)
      const at = after < elements.length ? fragment.toArray().indexOf(elements[after]) : fragment.length
      fragment.insert(at, thenParagraphs.slice(vFrom + paired, vTo).map(newParagraph))
    }
    if (cTo - cFrom > paired) {
      for (let p = cTo - 1; p >= cFrom + paired; p--) {
        const fragment = fragmentOf(current)
        fragment.delete(fragment.toArray().indexOf(elements[p]), 1)
      }
    }
    for (let k = paired - 1; k >= 0; k--) {
      editParagraph(now, elements[cFrom + k], nowStarts[cFrom + k], nowParagraphs[cFrom + k], thenParagraphs[vFrom + k])
    }
  }
  return blocks.length
}

/** The differing paragraph blocks between `a` (now) and `b` (the version), in order. */
function diffParagraphs(a: string[], b: string[]): Block[] {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const ids = new Map<string, number>()
  const toIds = (list: string[]): Int32Array => Int32Array.from(list, (p) => {
    let id = ids.get(p)
    if (id === undefined) ids.set(p, (id = ids.size))
    return id
  })
  const ai = toIds(a)
  const bi = toIds(b)
  const blocks: Block[] = []
  let x = head
  let y = head
  let open: Block | null = null
  const close = (): void => {
    if (open && (open.cTo > open.cFrom || open.vTo > open.vFrom)) blocks.push(open)
    open = null
  }
  const done = myersDiff(ai, head, a.length - tail, bi, head, b.length - tail, MAX_PARAGRAPH_EDITS, {
    equal(n) {
      close()
      x += n
      y += n
    },
    remove(n) {
      open ??= { cFrom: x, cTo: x, vFrom: y, vTo: y }
      x += n
      open.cTo = x
    },
    add(n) {
      open ??= { cFrom: x, cTo: x, vFrom: y, vTo: y }
      y += n
      open.vTo = y
    },
  })
  close()
  if (!done) {
    const whole = { cFrom: head, cTo: a.length - tail, vFrom: head, vTo: b.length - tail }
    return whole.cTo > whole.cFrom || whole.vTo > whole.vFrom ? [whole] : []
  }
  return blocks
}

/** Turns paragraph `before` (at projection offset `start` of `text`) into `after` with few character edits. */
function editParagraph(text: FragmentText, element: Y.XmlElement, start: TextOffset, before: string, after: string): void {
  let head = 0
  while (head < before.length && head < after.length && before.charCodeAt(head) === after.charCodeAt(head)) head++
  let tail = 0
  while (tail < before.length - head && tail < after.length - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++
  const edits: { at: number; remove: number; insert: string }[] = []
  const a = Int32Array.from(before, (c) => c.charCodeAt(0))
  const b = Int32Array.from(after, (c) => c.charCodeAt(0))
  let x = head
  let y = head
  const done = myersDiff(a, head, before.length - tail, b, head, after.length - tail, MAX_CHARACTER_EDITS, {
    equal(n) {
      x += n
      y += n
    },
    remove(n) {
      const last = edits[edits.length - 1]
      if (last && last.at + last.remove === x) last.remove += n
      else edits.push({ at: x, remove: n, insert: '' })
      x += n
    },
    add(n) {
      const last = edits[edits.length - 1]
      if (last && last.at + last.remove === x) last.insert += after.slice(y, y + n)
      else edits.push({ at: x, remove: 0, insert: after.slice(y, y + n) })
      y += n
    },
  })
  if (!done) edits.splice(0, edits.length, { at: head, remove: before.length - tail - head, insert: after.slice(head, after.length - tail) })
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i]
    if (edit.remove > 0) deleteCharacters(text, start + edit.at, start + edit.at + edit.remove)
    if (edit.insert) insertCharacters(text, element, start + edit.at, edit.insert)
  }
}

/** Deletes projection [from, to) of one paragraph, run by run (a paragraph may hold several Y.XmlTexts). */
function deleteCharacters(text: FragmentText, from: TextOffset, to: TextOffset): void {
  let end = to
  while (end > from) {
    const last = text.charAt(end - 1)!
    let begin = end - 1
    while (begin > from) {
      const point = text.charAt(begin - 1)
      if (!point || point.text !== last.text) break
      begin--
    }
    last.text.delete(last.index - (end - 1 - begin), end - begin)
    end = begin
  }
}

function insertCharacters(text: FragmentText, element: Y.XmlElement, at: TextOffset, insert: string): void {
  const point = text.charBefore(at) ?? text.charAt(at)
  if (point) {
    point.text.insert(point.index, insert)
    return
  }
  // An empty paragraph: y-prosemirror wrote no Y.XmlText for it.
  const content = new Y.XmlText()
  content.insert(0, insert)
  element.insert(element.length, [content])
}

function newParagraph(text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
  if (text) {
    const content = new Y.XmlText()
    content.insert(0, text)
    paragraph.insert(0, [content])
  }
  return paragraph
}

function paragraphElements(fragment: Y.XmlFragment): Y.XmlElement[] {
  return fragment.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
}

function paragraphStarts(paragraphs: string[]): number[] {
  const starts: number[] = []
  let offset = 0
  for (const paragraph of paragraphs) {
    starts.push(offset)
    offset += paragraph.length + 2
  }
  return starts
}

/** Annotations after the text is the version's: the version's set, each where the version had it. */
function restoreAnnotations(current: Y.Doc, version: Y.Doc, result: RestoreResult): void {
  const nowMap = annotationsMap(current)
  const thenMap = annotationsMap(version)
  for (const id of [...nowMap.keys()]) {
    if (!thenMap.has(id)) {
      nowMap.delete(id)
      result.annotationsRemoved.push(id)
    }
  }
  const nowText = new FragmentText(fragmentOf(current))
  const thenText = new FragmentText(fragmentOf(version))
  const toWrite = []
  for (const [id, entry] of thenMap) {
    const then = placed(version, thenText, entry)
    const existing = nowMap.get(id)
    if (existing && sameEntry(existing, entry) && samePlace(placed(current, nowText, existing), then)) continue
    toWrite.push(then.annotation)
    if (existing) nowMap.delete(id)
  }
  result.annotationsWritten.push(...writeAnnotations(current, toWrite, nowText).written)
}

function restoreOneAnnotation(current: Y.Doc, version: Y.Doc, id: string, result: RestoreResult): void {
  const entry = annotationsMap(version).get(id)
  if (!entry) {
    result.missingAnnotation = id
    return
  }
  const nowText = new FragmentText(fragmentOf(current))
  const { annotation } = placed(version, new FragmentText(fragmentOf(version)), entry)
  // The text may have changed since: find the passage again in today's text by quote and position.
  const found = reanchor(nowText.projection, annotation.anchor)
  if (found.status !== 'orphaned') annotation.anchor = { ...annotation.anchor, position: { ...annotation.anchor.position, start: found.start, end: found.end } }
  const nowMap = annotationsMap(current)
  if (nowMap.has(id)) nowMap.delete(id)
  result.annotationsWritten.push(...writeAnnotations(current, [annotation], nowText).written)
}

/** An annotation read from its entry with its position as resolved in that doc's text. */
function placed(doc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>): { annotation: ReturnType<typeof readAnnotation>; start: number | null; end: number | null } {
  const annotation = readAnnotation(entry)
  const resolution = resolveAnnotation(doc, text, entry)
  if (resolution.status === 'anchored') {
    annotation.anchor = { ...annotation.anchor, position: { ...annotation.anchor.position, start: resolution.start, end: resolution.end } }
    return { annotation, start: resolution.start, end: resolution.end }
  }
  return { annotation, start: null, end: null }
}

function samePlace(a: { start: number | null; end: number | null }, b: { start: number | null; end: number | null }): boolean {
  return a.start === b.start && a.end === b.end
}

/**
 * Equal but for the anchor (whose relative positions differ between docs by design),
 * as read: the same annotation stored in either form (every field a key, or its
 * created fields in one value) is the same.
 */
function sameEntry(a: Y.Map<unknown>, b: Y.Map<unknown>): boolean {
  const strip = (entry: Y.Map<unknown>): string => {
    const { anchor: _anchor, ...rest } = readAnnotation(entry)
    return canonical(rest)
  }
  return strip(a) === strip(b)
}

/** JSON with object keys sorted at every level: two Y.Maps written in different orders compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
