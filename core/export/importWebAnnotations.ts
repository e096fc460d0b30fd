import { createAnchor, ID_PATTERN, parseAnnotation, reanchor, type Annotation, type Comment, type TextQuoteSelector } from '../annotations'
import { ANNOTATION_IRI_PREFIX } from './webAnnotation'

/** An imported annotation that could not be placed on the text: reported, not dropped. */
export interface UnanchoredAnnotation {
  id: string
  reason: string
  /** The quote it carried ('' when none). */
  quote: string
}

export interface WebAnnotationImport {
  /** Anchored onto the projection; `anchor` rebuilt from where the quote was found. */
  annotations: Annotation[]
  unanchored: UnanchoredAnnotation[]
  /** Records that are not usable annotations at all, each naming its index. */
  errors: string[]
}

/** Most annotations one import takes: 100,000 is 20× the 5,000-annotation benchmark. */
export const MAX_IMPORT_ANNOTATIONS = 100_000

type Json = Record<string, unknown>
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const EPOCH = '1970-01-01T00:00:00.000Z'

function agentName(v: unknown): string {
  const first = asArray(v)[0]
  if (typeof first === 'string') return first.slice(0, 200) || 'unknown'
  if (isRecord(first)) return (str(first.name) ?? str(first.nickname) ?? str(first.id) ?? 'unknown').slice(0, 200)
  return 'unknown'
}

/** Our own ids come back from their IRIs; any other IRI is cut to an id-safe tail. */
function idFromIri(iri: string | undefined, fallback: string): string {
  if (iri === undefined) return fallback
  const tail = iri.startsWith(ANNOTATION_IRI_PREFIX) ? iri.slice(ANNOTATION_IRI_PREFIX.length) : (iri.split(/[/#]/).filter(Boolean).pop() ?? '')
  let id = tail
  try {
    id = decodeURIComponent(tail)
  } catch {
    // keep the raw tail
  }
  return ID_PATTERN.test(id) && id.length <= 128 ? id : fallback
}

function items(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json
  if (!isRecord(json)) return null
  const type = asArray(json.type)
  if (type.includes('AnnotationCollection')) {
    const first = json.first
    return isRecord(first) ? asArray(first.items) : null
  }
  if (type.includes('AnnotationPage')) return asArray(json.items)
  return [json]
}

/**
 * Reads W3C Web Annotation JSON-LD (an AnnotationCollection with an embedded
 * first page, an AnnotationPage, an array, or one Annotation) and anchors each
 * annotation onto `projection` with `reanchor`: the TextQuoteSelector (with its
 * prefix/suffix) first, the TextPositionSelector as the hint. A target with only a
 * position is taken as is when it lies inside the text. Bodies map back: purpose
 * 'tagging' → type, 'commenting'/'replying' (or none) → comments, 'editing' →
 * suggestion; the `variorum:` fields restore status, links, colour and duplicate
 * flags. Every record ends up in exactly one of the three lists. Never throws.
 */
export function importWebAnnotations(json: unknown, projection: string): WebAnnotationImport {
  const out: WebAnnotationImport = { annotations: [], unanchored: [], errors: [] }
  const list = items(json)
  if (list === null) {
    out.errors.push('input: not a Web Annotation, AnnotationPage, AnnotationCollection or array')
    return out
  }
  if (list.length > MAX_IMPORT_ANNOTATIONS) {
    out.errors.push(`input: ${list.length} annotations, more than the ${MAX_IMPORT_ANNOTATIONS} one import takes`)
    return out
  }
  const seen = new Set<string>()
  list.forEach((item, index) => {
    if (!isRecord(item)) {
      out.errors.push(`items[${index}]: not an object`)
      return
    }
    let id = idFromIri(str(item.id), `imported-${index + 1}`)
    if (seen.has(id)) id = `${id}-${index + 1}`
    seen.add(id)

    const target = asArray(item.target).find((t) => isRecord(t) && t.selector !== undefined) as Json | undefined
    const selectors = target ? asArray(target.selector).filter(isRecord) : []
    const quoteSel = selectors.find((s) => s.type === 'TextQuoteSelector')
    const posSel = selectors.find((s) => s.type === 'TextPositionSelector')
    const quote: TextQuoteSelector | undefined =
      quoteSel && typeof quoteSel.exact === 'string'
        ? { type: 'TextQuoteSelector', exact: quoteSel.exact, prefix: str(quoteSel.prefix) ?? '', suffix: str(quoteSel.suffix) ?? '' }
        : undefined
    const hint =
      posSel && Number.isSafeInteger(posSel.start) && Number.isSafeInteger(posSel.end) ? { start: posSel.start as number, end: posSel.end as number } : undefined
    if (!quote && !hint) {
      out.unanchored.push({ id, reason: 'no TextQuoteSelector or TextPositionSelector', quote: '' })
      return
    }
    let start: number
    let end: number
    if (quote) {
      const found = reanchor(projection, { quote, position: { type: 'TextPositionSelector', start: hint?.start ?? 0, end: hint?.end ?? 0 } })
      if (found.status === 'orphaned') {
        out.unanchored.push({ id, reason: 'quote not found in the text', quote: quote.exact })
        return
      }
      ;({ start, end } = found)
    } else if (hint!.start >= 0 && hint!.end >= hint!.start && hint!.end <= projection.length) {
      ;({ start, end } = hint!)
    } else {
      out.unanchored.push({ id, reason: `position ${hint!.start}-${hint!.end} outside the text`, quote: '' })
      return
    }

    const bodies = asArray(item.body).filter(isRecord)
    const typeBody = bodies.find((b) => b.purpose === 'tagging' && typeof b.value === 'string')
    const comments: Comment[] = []
    let suggestion: Annotation['suggestion']
    for (const b of bodies) {
      if (b === typeBody) continue
      const value = str(b.value)
      if (value === undefined) continue
      if (b.purpose === 'editing') {
        suggestion = { text: value }
        const state = b['variorum:state']
        if (state === 'open' || state === 'accepted' || state === 'rejected') suggestion.state = state
        if (typeof b['variorum:original'] === 'string') suggestion.original = b['variorum:original']
        continue
      }
      if (b.purpose !== undefined && b.purpose !== 'commenting' && b.purpose !== 'replying') continue
      const ownId = str(b['variorum:commentId'])
      const cid = ownId !== undefined && ID_PATTERN.test(ownId) ? ownId : `c${comments.length + 1}`
      const c: Comment = { id: cid, author: agentName(b.creator ?? item.creator), created: str(b.created) ?? str(item.created) ?? EPOCH, text: value }
      if (typeof b.modified === 'string') c.updated = b.modified
      comments.push(c)
    }
    if (typeof item.bodyValue === 'string') comments.push({ id: `c${comments.length + 1}`, author: agentName(item.creator), created: str(item.created) ?? EPOCH, text: item.bodyValue })

    const candidate: Json = {
      id,
      type: str(typeBody?.value) ?? (suggestion ? 'suggestion' : 'note'),
      author: agentName(item.creator),
      created: str(item.created) ?? EPOCH,
      updated: str(item.modified) ?? str(item.created) ?? EPOCH,
      status: item['variorum:status'] === 'resolved' ? 'resolved' : 'open',
      comments,
      links: asArray(item['variorum:links']).filter(isRecord).map((l) => ({ rel: l['variorum:rel'], target: l['variorum:target'] })),
      anchor: createAnchor(projection, start, end),
      color: item['variorum:color'],
      keep: item['variorum:keep'],
      cluster: item['variorum:cluster'],
      suggestion,
    }
    for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key]
    const parsed = parseAnnotation(candidate)
    if (!parsed.ok) {
      out.errors.push(`items[${index}] (${id}): ${parsed.error}`)
      return
    }
    out.annotations.push(parsed.value)
  })
  return out
}
