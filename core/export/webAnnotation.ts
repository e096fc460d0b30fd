import { createAnchor, type Annotation } from '../annotations'
import type { EditionInput } from './editionInput'
import { resolveAnchors } from './resolveAnchors'

/** The W3C Web Annotation context; every annotation names it (model §3.1). */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
/**
 * Namespace of the fields the W3C vocabulary has no term for (status, colour,
 * links, duplicate keep/cluster, suggestion state). Declared as a JSON-LD prefix
 * so the export still expands cleanly in safe mode.
 */
export const VARIORUM_VOCAB = 'urn:variorum:vocab#'
export const ANNOTATION_IRI_PREFIX = 'urn:variorum:annotation:'

/** IRI of the exported document: `urn:variorum:doc:<id>`, the id percent-encoded. */
export function documentIri(id: string | undefined): string {
  return `urn:variorum:doc:${encodeURIComponent(id ?? 'untitled')}`
}

type Json = Record<string, unknown>

/**
 * An RFC 3339 date-time with seconds, as the W3C schemas' "date-time" format
 * demands; ISO strings the model accepts may omit the seconds ("…T10:00Z").
 */
function dateTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return /:\d{2}:\d{2}/.test(iso) ? iso : new Date(t).toISOString()
}

function agent(name: string): Json {
  return { type: 'Person', name }
}

/**
 * One annotation as a W3C Web Annotation (JSON-LD object). Its target's selectors
 * are the quote and the position where the annotation sits now in `projection`
 * (the stored ones for an orphan). Bodies: the type as purpose 'tagging', the
 * first comment 'commenting' and the rest 'replying', a suggestion 'editing'.
 */
export function toWebAnnotation(annotation: Annotation, source: string, at?: { start: number; end: number; projection: string }): Json {
  const a = annotation
  const quote = at ? createAnchor(at.projection, at.start, at.end).quote : a.anchor.quote
  const position = at ? { type: 'TextPositionSelector', start: at.start, end: at.end } : a.anchor.position
  const body: Json[] = [{ type: 'TextualBody', purpose: 'tagging', value: a.type }]
  a.comments.forEach((c, i) => {
    const b: Json = {
      // No `id`: the W3C suite takes any body with an id for an External Web
      // Resource, which may not carry a purpose. The comment id rides along instead.
      'variorum:commentId': c.id,
      type: 'TextualBody',
      purpose: i === 0 ? 'commenting' : 'replying',
      value: c.text,
      format: 'text/plain',
      creator: agent(c.author),
      created: dateTime(c.created),
    }
    if (c.updated) b.modified = dateTime(c.updated)
    body.push(b)
  })
  if (a.suggestion) {
    const s: Json = { type: 'TextualBody', purpose: 'editing', value: a.suggestion.text, format: 'text/plain' }
    if (a.suggestion.state) s['variorum:state'] = a.suggestion.state
    if (a.suggestion.original !== undefined) s['variorum:original'] = a.suggestion.original
    body.push(s)
  }
  const out: Json = {
    '@context': [ANNO_CONTEXT, { variorum: VARIORUM_VOCAB }],
    id: `${ANNOTATION_IRI_PREFIX}${a.id}`,
    type: 'Annotation',
    motivation: a.suggestion ? 'editing' : a.comments.length ? 'commenting' : 'tagging',
    creator: agent(a.author),
    created: dateTime(a.created),
    modified: dateTime(a.updated),
    body,
    target: { source, selector: [quote, position] },
    'variorum:status': a.status,
  }
  if (a.color !== undefined) out['variorum:color'] = a.color
  if (a.links.length) out['variorum:links'] = a.links.map((l) => ({ 'variorum:rel': l.rel, 'variorum:target': l.target }))
  if (a.keep !== undefined) out['variorum:keep'] = a.keep
  if (a.cluster !== undefined) out['variorum:cluster'] = a.cluster
  if (a.orphaned || !at) out['variorum:orphaned'] = true
  return out
}

/**
 * The edition's annotations as a W3C AnnotationCollection (JSON-LD, pretty
 * printed): one embedded AnnotationPage (`first`, also `last`) whose `items` are
 * the annotations in text order, orphans last. Each annotation carries its own
 * @context so it also stands alone. Decisions are not part of this format.
 */
export function exportWebAnnotations(input: EditionInput): string {
  const source = documentIri(input.metadata.id)
  const { placed, orphans } = resolveAnchors(input)
  const items = [
    ...placed.map((p) => toWebAnnotation(p.annotation, source, { start: p.start, end: p.end, projection: input.projection })),
    ...orphans.map((a) => toWebAnnotation(a, source)),
  ]
  const collection = `urn:variorum:collection:${encodeURIComponent(input.metadata.id ?? 'untitled')}`
  const page = `${collection}/page/1`
  return `${JSON.stringify(
    {
      '@context': ANNO_CONTEXT,
      id: collection,
      type: 'AnnotationCollection',
      label: input.title,
      total: items.length,
      first: { id: page, type: 'AnnotationPage', partOf: collection, startIndex: 0, items },
      last: page,
    },
    null,
    2,
  )}\n`
}
