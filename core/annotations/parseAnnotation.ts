import type { Annotation, AnnotationLink, AnnotationType, Comment, Decision, TextPositionSelector } from './annotation'

/** Result of validating untrusted data: the typed value, or one message naming the bad field. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string }

/**
 * Size limits for untrusted annotation data (imports, Y.Doc updates from peers).
 * Each is far above honest use and low enough that one hostile record cannot
 * bloat a document: e.g. 1,000 comments × 10,000 characters = 10 M characters is
 * the worst a single annotation can carry.
 */
export const ANNOTATION_LIMITS = {
  /** ids: letters, digits, '_', '-', ':', '.'; UUIDs (36) and "dup-12-3" fit. */
  idLength: 128,
  authorLength: 200,
  typeNameLength: 64,
  commentLength: 10_000,
  comments: 1_000,
  links: 1_000,
  /** A quoted passage: 200,000 units is ~7× the sample document. */
  exactLength: 200_000,
  /** Prefix/suffix: createAnchor keeps 32; allow imports with longer context. */
  contextLength: 1_000,
  suggestionLength: 200_000,
  noteLength: 10_000,
} as const

/** ids are safe in XML ids, URLs and CSS after a prefix: no spaces, quotes or markup. */
export const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/
/** ISO 8601 date-time with a zone, as Date.prototype.toISOString writes (seconds and fraction optional). */
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

class Invalid extends Error {}

const fail = (path: string, message: string): never => {
  throw new Invalid(`${path}: ${message}`)
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function record(v: unknown, path: string): Record<string, unknown> {
  return isRecord(v) ? v : fail(path, 'expected an object')
}

function string(v: unknown, path: string, max: number, { allowEmpty = true, allowControl = true } = {}): string {
  if (typeof v !== 'string') return fail(path, 'expected a string')
  if (v.length > max) fail(path, `longer than ${max} characters`)
  if (!allowEmpty && v.length === 0) fail(path, 'must not be empty')
  if (!allowControl && CONTROL_CHARS.test(v)) fail(path, 'contains control characters')
  return v
}

function id(v: unknown, path: string): string {
  const s = string(v, path, ANNOTATION_LIMITS.idLength, { allowEmpty: false })
  if (!ID_PATTERN.test(s)) fail(path, `not a valid id (letters, digits, _ . : - only): ${JSON.stringify(s.slice(0, 40))}`)
  return s
}

function time(v: unknown, path: string): string {
  const s = string(v, path, 40)
  if (!ISO_PATTERN.test(s) || Number.isNaN(Date.parse(s))) fail(path, `not an ISO 8601 date-time: ${JSON.stringify(s)}`)
  return s
}

function offset(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return fail(path, 'expected a non-negative integer')
  return v
}

function array(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) return fail(path, 'expected an array')
  if (v.length > max) fail(path, `more than ${max} entries`)
  return v
}

function position(v: unknown, path: string): TextPositionSelector {
  const o = record(v, path)
  if (o.type !== 'TextPositionSelector') fail(`${path}.type`, "expected 'TextPositionSelector'")
  const start = offset(o.start, `${path}.start`)
  const end = offset(o.end, `${path}.end`)
  if (end < start) fail(path, `end ${end} before start ${start}`)
  return { type: 'TextPositionSelector', start, end }
}

function comment(v: unknown, path: string): Comment {
  const o = record(v, path)
  const c: Comment = {
    id: id(o.id, `${path}.id`),
    author: string(o.author, `${path}.author`, ANNOTATION_LIMITS.authorLength, { allowEmpty: false, allowControl: false }),
    created: time(o.created, `${path}.created`),
    text: string(o.text, `${path}.text`, ANNOTATION_LIMITS.commentLength),
  }
  if (o.updated !== undefined) c.updated = time(o.updated, `${path}.updated`)
  return c
}

function link(v: unknown, path: string): AnnotationLink {
  const o = record(v, path)
  return {
    rel: string(o.rel, `${path}.rel`, 64, { allowEmpty: false, allowControl: false }),
    target: id(o.target, `${path}.target`),
  }
}

const guard = <T>(build: () => T): ParseResult<T> => {
  try {
    return { ok: true, value: build() }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message }
    throw error
  }
}

/**
 * Validates untrusted data as an Annotation and returns a fresh copy holding only
 * the known fields (unknown keys are dropped). Never throws: the error names the
 * first bad field, e.g. "annotation.comments[2].text: longer than 10000 characters".
 */
export function parseAnnotation(input: unknown): ParseResult<Annotation> {
  return guard(() => {
    const p = 'annotation'
    const o = record(input, p)
    const anchorIn = record(o.anchor, `${p}.anchor`)
    const quoteIn = record(anchorIn.quote, `${p}.anchor.quote`)
    if (quoteIn.type !== 'TextQuoteSelector') fail(`${p}.anchor.quote.type`, "expected 'TextQuoteSelector'")
    const status = o.status
    if (status !== 'open' && status !== 'resolved') fail(`${p}.status`, "expected 'open' or 'resolved'")
    const a: Annotation = {
      id: id(o.id, `${p}.id`),
      type: string(o.type, `${p}.type`, ANNOTATION_LIMITS.typeNameLength, { allowEmpty: false, allowControl: false }),
      author: string(o.author, `${p}.author`, ANNOTATION_LIMITS.authorLength, { allowEmpty: false, allowControl: false }),
      created: time(o.created, `${p}.created`),
      updated: time(o.updated, `${p}.updated`),
      status: status as Annotation['status'],
      comments: array(o.comments ?? [], `${p}.comments`, ANNOTATION_LIMITS.comments).map((c, i) => comment(c, `${p}.comments[${i}]`)),
      links: array(o.links ?? [], `${p}.links`, ANNOTATION_LIMITS.links).map((l, i) => link(l, `${p}.links[${i}]`)),
      anchor: {
        quote: {
          type: 'TextQuoteSelector',
          exact: string(quoteIn.exact, `${p}.anchor.quote.exact`, ANNOTATION_LIMITS.exactLength),
          prefix: string(quoteIn.prefix ?? '', `${p}.anchor.quote.prefix`, ANNOTATION_LIMITS.contextLength),
          suffix: string(quoteIn.suffix ?? '', `${p}.anchor.quote.suffix`, ANNOTATION_LIMITS.contextLength),
        },
        position: position(anchorIn.position, `${p}.anchor.position`),
      },
    }
    if (o.color !== undefined) {
      const color = string(o.color, `${p}.color`, 64)
      if (!COLOR_PATTERN.test(color)) fail(`${p}.color`, 'expected "#rrggbb"')
      a.color = color
    }
    if (o.orphaned !== undefined) {
      if (typeof o.orphaned !== 'boolean') fail(`${p}.orphaned`, 'expected a boolean')
      a.orphaned = o.orphaned as boolean
    }
    if (o.keep !== undefined) {
      if (typeof o.keep !== 'boolean') fail(`${p}.keep`, 'expected a boolean')
      a.keep = o.keep as boolean
    }
    if (o.cluster !== undefined) a.cluster = id(o.cluster, `${p}.cluster`)
    if (o.suggestion !== undefined) {
      const s = record(o.suggestion, `${p}.suggestion`)
      a.suggestion = { text: string(s.text, `${p}.suggestion.text`, ANNOTATION_LIMITS.suggestionLength) }
      if (s.state !== undefined) {
        if (s.state !== 'open' && s.state !== 'accepted' && s.state !== 'rejected') {
          fail(`${p}.suggestion.state`, "expected 'open', 'accepted' or 'rejected'")
        }
        a.suggestion.state = s.state as 'open' | 'accepted' | 'rejected'
      }
      if (s.original !== undefined) a.suggestion.original = string(s.original, `${p}.suggestion.original`, ANNOTATION_LIMITS.suggestionLength)
    }
    return a
  })
}

/** Validates untrusted data as a Decision, like parseAnnotation. Never throws. */
export function parseDecision(input: unknown): ParseResult<Decision> {
  return guard(() => {
    const p = 'decision'
    const o = record(input, p)
    const reading = o.reading
    if (reading !== 'a' && reading !== 'b' && reading !== 'edited') fail(`${p}.reading`, "expected 'a', 'b' or 'edited'")
    const w = record(o.witnesses, `${p}.witnesses`)
    const d: Decision = {
      id: id(o.id, `${p}.id`),
      a: position(o.a, `${p}.a`),
      b: position(o.b, `${p}.b`),
      reading: reading as Decision['reading'],
      author: string(o.author, `${p}.author`, ANNOTATION_LIMITS.authorLength, { allowEmpty: false, allowControl: false }),
      created: time(o.created, `${p}.created`),
      witnesses: {
        a: string(w.a, `${p}.witnesses.a`, 200, { allowEmpty: false, allowControl: false }),
        b: string(w.b, `${p}.witnesses.b`, 200, { allowEmpty: false, allowControl: false }),
      },
    }
    if (o.text !== undefined) d.text = string(o.text, `${p}.text`, ANNOTATION_LIMITS.suggestionLength)
    if (reading === 'edited' && d.text === undefined) fail(`${p}.text`, "required when reading is 'edited'")
    if (o.note !== undefined) d.note = string(o.note, `${p}.note`, ANNOTATION_LIMITS.noteLength)
    return d
  })
}

/**
 * Validates untrusted data as a document's own AnnotationType ("builtIn" is
 * always false for those). Never throws.
 */
export function parseAnnotationType(input: unknown): ParseResult<AnnotationType> {
  return guard(() => {
    const p = 'annotationType'
    const o = record(input, p)
    const color = string(o.color, `${p}.color`, 64)
    if (!COLOR_PATTERN.test(color)) fail(`${p}.color`, 'expected "#rrggbb"')
    return {
      name: string(o.name, `${p}.name`, ANNOTATION_LIMITS.typeNameLength, { allowEmpty: false, allowControl: false }),
      color,
      label: string(o.label ?? o.name, `${p}.label`, ANNOTATION_LIMITS.typeNameLength, { allowEmpty: false, allowControl: false }),
      builtIn: false,
    }
  })
}
