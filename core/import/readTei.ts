import { DOMParser } from '@xmldom/xmldom'
import { createAnchor, isBuiltInType, type Annotation, type AnnotationType, type Comment, type Decision } from '../annotations'
import { PARAGRAPH_SEPARATOR } from '../text'
import type { ImportResult } from './importedEdition'

/*
 * Reads TEI P5 back. Two kinds:
 * - Variorum's own export (core/export/tei.ts, docs/EXPORT.md), recognised by its
 *   publicationStmt: the paragraphs of <body> exactly as written (white space
 *   kept), and everything the export encodes: annotation spans with their
 *   anchors, types, status, authors (@resp), comment and suggestion notes,
 *   links, duplicate segs, variant decisions (<app> + the variant-witness span)
 *   and orphaned annotations. Exporting the result again gives the same file.
 * - Any other TEI: the text of <body> by paragraph-level elements (p, head, l,
 *   ab, item…), white space collapsed, notes and forme work left out, the
 *   editorial reading of <choice> and the lemma of <app>.
 */

// The DOM types of @xmldom/xmldom, by the members this reader uses.
interface XNode {
  nodeType: number
  nodeValue: string | null
  childNodes: ArrayLike<XNode>
}
interface XElement extends XNode {
  localName: string | null
  getAttribute(name: string): string | null
}

const ELEMENT = 1
const TEXT = 3
const CDATA = 4

/** Elements that hold one paragraph of a foreign TEI text. */
const PARAGRAPH_ELEMENTS = new Set(['p', 'head', 'l', 'ab', 'item', 'label', 'dateline', 'salute', 'signed', 'closer', 'opener', 'byline', 'trailer'])
/** Elements whose text is not part of the reading text. */
const SKIPPED = new Set(['note', 'fw', 'figDesc', 'interpGrp', 'index'])

const isElement = (n: XNode): n is XElement => n.nodeType === ELEMENT
const children = (n: XNode): XElement[] => Array.from(n.childNodes).filter(isElement)
const child = (n: XNode, name: string): XElement | undefined => children(n).find((c) => c.localName === name)
const all = (n: XNode, name: string): XElement[] => {
  const out: XElement[] = []
  const visit = (e: XNode) => {
    for (const c of children(e)) {
      if (c.localName === name) out.push(c)
      visit(c)
    }
  }
  visit(n)
  return out
}
const xmlId = (e: XElement): string | null => e.getAttribute('xml:id')
const pointer = (value: string | null): string[] => (value ?? '').split(/\s+/).filter((p) => p.startsWith('#')).map((p) => p.slice(1))
const textContent = (n: XNode): string =>
  n.nodeType === TEXT || n.nodeType === CDATA ? n.nodeValue ?? '' : Array.from(n.childNodes).map(textContent).join('')
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** Colour of a document's own type read back: TEI keeps the label, not the colour (a neutral grey, 7:1 on white). */
const TYPE_COLOR = '#555555'

/** The export's words in publicationStmt that mark a file as Variorum's own. */
const OWN_EXPORT = /exported by Variorum/

/**
 * Reads a TEI P5 document (see the note above). `now` (ISO 8601) is the
 * creation time given to annotations and decisions, which the TEI does not
 * carry. Returns `{ ok: false, message }` when the XML is not well-formed or
 * has no <text>/<body>. Annotations whose anchors are missing are left out.
 */
export function readTei(xml: string, now: string): ImportResult {
  let root: XElement | null
  try {
    const parsed = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message)
      },
    }).parseFromString(xml, 'text/xml')
    root = (parsed.documentElement as unknown as XElement | null) ?? null
  } catch (error) {
    return { ok: false, message: `not well-formed XML: ${(error as Error).message.split('\n')[0]}` }
  }
  if (!root || root.localName !== 'TEI') return { ok: false, message: `the root element is <${root?.localName ?? ''}>, not <TEI>` }
  const text = child(root, 'text')
  const body = text && child(text, 'body')
  if (!body) return { ok: false, message: 'the TEI has no <text><body>' }
  const header = child(root, 'teiHeader')
  const title = header ? all(header, 'title')[0] : undefined
  const publication = header ? all(header, 'publicationStmt')[0] : undefined
  const own = publication !== undefined && OWN_EXPORT.test(textContent(publication))
  const titleText = title ? collapse(textContent(title)) || null : null
  if (!own) return { ok: true, edition: { paragraphs: foreignParagraphs(body), title: titleText, name: null, annotations: [], decisions: [], types: [] } }
  const idno = publication ? all(publication, 'idno')[0] : undefined
  return { ok: true, edition: { ...readOwnExport(root, body, now), title: titleText, name: idno ? collapse(textContent(idno)) || null : null } }
}

function foreignParagraphs(body: XElement): string[] {
  const paragraphs: string[] = []
  const inline = (n: XNode): string => {
    if (n.nodeType === TEXT || n.nodeType === CDATA) return n.nodeValue ?? ''
    if (!isElement(n)) return ''
    const name = n.localName ?? ''
    if (SKIPPED.has(name)) return ''
    if (name === 'lb') return ' '
    if (name === 'choice') {
      const reading = ['corr', 'reg', 'expan', 'sic', 'orig', 'abbr'].map((r) => child(n, r)).find(Boolean)
      return reading ? inline(reading) : ''
    }
    if (name === 'app') {
      const reading = child(n, 'lem') ?? child(n, 'rdg')
      return reading ? inline(reading) : ''
    }
    return Array.from(n.childNodes).map(inline).join('')
  }
  const visit = (e: XElement) => {
    for (const c of children(e)) {
      const name = c.localName ?? ''
      if (SKIPPED.has(name)) continue
      if (PARAGRAPH_ELEMENTS.has(name)) {
        const paragraph = collapse(inline(c))
        if (paragraph) paragraphs.push(paragraph)
      } else {
        visit(c)
      }
    }
  }
  visit(body)
  return paragraphs
}

interface SpanRecord {
  id: string
  type: string
  status: 'open' | 'resolved'
  author: string
  from: string
  to: string
  typeLabel: string | null
  /** xml:id of the span's <interp>. */
  interp: string
}

function readOwnExport(root: XElement, body: XElement, now: string) {
  const names = new Map<string, string>()
  for (const r of all(root, 'respStmt')) {
    const id = xmlId(r)
    const name = child(r, 'name')
    if (id && name) names.set(id, textContent(name))
  }
  const person = (e: XElement): string => names.get(pointer(e.getAttribute('resp'))[0] ?? '') ?? ''
  const witnesses = new Map<string, string>()
  for (const w of all(root, 'witness')) if (xmlId(w)) witnesses.set(xmlId(w)!, textContent(w))
  const interps = new Map<string, string>()
  for (const i of all(root, 'interp')) if (xmlId(i)) interps.set(xmlId(i)!, textContent(i))

  const standOff = child(root, 'standOff')
  const spanGroups = standOff ? children(standOff).filter((g) => g.localName === 'spanGrp') : []
  const spans: SpanRecord[] = []
  const variantSpans: XElement[] = []
  for (const group of spanGroups) {
    for (const span of children(group).filter((s) => s.localName === 'span')) {
      if (group.getAttribute('type') === 'variant-witnesses') {
        variantSpans.push(span)
        continue
      }
      const id = xmlId(span)
      const [from] = pointer(span.getAttribute('from'))
      const [to] = pointer(span.getAttribute('to'))
      if (!id || !from || !to) continue
      spans.push({
        id,
        type: span.getAttribute('type') ?? 'note',
        status: span.getAttribute('subtype') === 'resolved' ? 'resolved' : 'open',
        author: person(span),
        from,
        to,
        typeLabel: interps.get(pointer(span.getAttribute('ana'))[0] ?? '') ?? null,
        interp: pointer(span.getAttribute('ana'))[0] ?? '',
      })
    }
  }

  // Notes in <back>: comments and replies, suggestions, decisions, by target.
  const back = child(child(root, 'text')!, 'back')
  const notesDiv = back ? children(back).find((d) => d.getAttribute('type') === 'notes') : undefined
  const notes = notesDiv ? children(notesDiv).filter((n) => n.localName === 'note') : []
  const notesFor = (type: string, target: string) => notes.filter((n) => n.getAttribute('type') === type && pointer(n.getAttribute('target')).includes(target))
  const suggestionState = new Map<string, string>()
  for (const n of notes) if (n.getAttribute('type') === 'suggestion') suggestionState.set(pointer(n.getAttribute('target'))[0] ?? '', n.getAttribute('subtype') ?? 'open')
  const decisionReading = new Map<string, 'a' | 'b' | 'edited'>()
  for (const n of notes) {
    if (n.getAttribute('type') !== 'decision') continue
    const reading = n.getAttribute('subtype')
    if (reading !== 'a' && reading !== 'b' && reading !== 'edited') continue
    for (const target of pointer(n.getAttribute('target'))) decisionReading.set(target, reading)
  }

  // The body: paragraphs exactly as written, anchor offsets, app and choice ranges.
  const anchors = new Map<string, number>()
  const apps = new Map<string, { start: number; end: number; app: XElement; inner: XElement | undefined }>()
  const originals = new Map<string, string>()
  const paragraphs: string[] = []
  let offset = 0
  let startsHere: string[] = []
  const walk = (n: XNode): string => {
    if (n.nodeType === TEXT || n.nodeType === CDATA) {
      const value = n.nodeValue ?? ''
      if (value) {
        offset += value.length
        startsHere = []
      }
      return value
    }
    if (!isElement(n)) return ''
    const name = n.localName ?? ''
    if (name === 'anchor') {
      const id = xmlId(n)
      if (id) {
        anchors.set(id, offset)
        if (id.endsWith('-s')) startsHere.push(id.slice(0, -2))
      }
      return ''
    }
    if (name === 'note') return ''
    if (name === 'app') {
      const id = xmlId(n) ?? ''
      const reading = decisionReading.get(id) ?? 'a'
      const inner = reading === 'a' ? child(n, 'lem') : child(n, 'rdg')
      const start = offset
      const out = inner ? walk(inner) : ''
      apps.set(id, { start, end: offset, app: n, inner })
      return out
    }
    if (name === 'choice') {
      // The export writes an accepted suggestion as <sic>original</sic><corr>text</corr>,
      // a typo's open fix as <sic>text</sic><corr>fix</corr>: the annotation starting
      // here says which one holds the text.
      const accepted = startsHere.find((id) => suggestionState.get(id) === 'accepted')
      const sic = child(n, 'sic')
      if (accepted && sic) originals.set(accepted, textContent(sic))
      const inner = accepted ? child(n, 'corr') : sic
      return inner ? walk(inner) : ''
    }
    return Array.from(n.childNodes).map(walk).join('')
  }
  for (const p of children(body).filter((e) => e.localName === 'p')) {
    if (paragraphs.length > 0) offset += PARAGRAPH_SEPARATOR.length
    startsHere = []
    paragraphs.push(walk(p))
  }
  const projection = paragraphs.join(PARAGRAPH_SEPARATOR)

  // Links: duplicate clusters and the rest.
  const linkElements = standOff ? all(standOff, 'link') : []
  const clusterOf = new Map<string, string>()
  const links = new Map<string, { rel: string; target: string }[]>()
  const annotationId = (xmlIdValue: string) => xmlIdValue.replace(/^ann-/, '')
  for (const link of linkElements) {
    const targets = pointer(link.getAttribute('target'))
    const rel = link.getAttribute('type') ?? 'link'
    if (rel === 'duplicate-cluster') {
      for (const t of targets) clusterOf.set(t, annotationId(targets[0]))
    } else if (targets.length === 2) {
      links.set(targets[0], [...(links.get(targets[0]) ?? []), { rel, target: annotationId(targets[1]) }])
    }
  }
  const keptSegs = new Set<string>()
  for (const seg of all(body, 'seg')) {
    const id = xmlId(seg)
    if (seg.getAttribute('type') === 'duplicate' && seg.getAttribute('subtype') === 'kept' && id) keptSegs.add(id.replace(/-seg\d+$/, ''))
  }

  const comments = (target: string, annotation: string): Comment[] =>
    [...notesFor('comment', target), ...notesFor('reply', target)]
      .sort((a, b) => notes.indexOf(a) - notes.indexOf(b))
      .map((n, i) => {
        const date = child(n, 'date')
        const created = date ? textContent(date) : now
        const body = Array.from(n.childNodes).filter((c) => c !== date).map(textContent).join('')
        return { id: `${annotation}.c${i + 1}`, author: person(n), created, text: date ? body.replace(/^ /, '') : body }
      })

  const types: AnnotationType[] = []
  const addType = (name: string, label: string) => {
    if (!isBuiltInType(name) && !types.some((t) => t.name === name)) types.push({ name, label, color: TYPE_COLOR, builtIn: false })
  }
  const annotations: Annotation[] = []
  for (const span of spans) {
    const start = anchors.get(`${span.from}`)
    const end = anchors.get(`${span.to}`)
    if (start === undefined || end === undefined || end < start || end > projection.length) continue
    const id = annotationId(span.id)
    const thread = comments(span.id, id)
    // A decision's variant annotations carry the decision in words as the comment
    // doc/decisions/decisionsDoc.ts keeps under a fixed id.
    if (/\.(a|b)$/.test(id) && thread[0]?.text.startsWith('Decision: ')) thread[0].id = `${id}.decision`
    const annotation: Annotation = {
      id,
      type: span.type,
      author: span.author,
      created: now,
      updated: now,
      status: span.status,
      comments: thread,
      links: links.get(span.id) ?? [],
      anchor: createAnchor(projection, start, end),
    }
    const suggestion = notesFor('suggestion', span.id)[0]
    if (suggestion) {
      const state = suggestion.getAttribute('subtype')
      annotation.suggestion = { text: textContent(suggestion), ...(state === 'accepted' || state === 'rejected' ? { state } : {}) }
      const original = originals.get(span.id)
      if (original !== undefined) annotation.suggestion.original = original
    }
    if (clusterOf.has(span.id)) annotation.cluster = clusterOf.get(span.id)
    if (keptSegs.has(span.id)) annotation.keep = true
    annotations.push(annotation)
    if (span.typeLabel !== null) addType(span.type, span.typeLabel)
  }

  // Orphans: kept with their last quote, placed nowhere.
  const orphanDiv = back ? children(back).find((d) => d.getAttribute('type') === 'orphaned-annotations') : undefined
  for (const item of orphanDiv ? all(orphanDiv, 'item') : []) {
    const id = xmlId(item)
    const quote = child(item, 'quote')
    if (!id) continue
    // The type's name: as a placed span of the same <interp> spells it, else the
    // interp's id without the "type-" the export gives it.
    const interp = pointer(item.getAttribute('ana'))[0] ?? ''
    const typeName = spans.find((span) => span.interp === interp)?.type ?? (interp.replace(/^type-/, '') || 'note')
    const label = interps.get(interp)
    if (label !== undefined) addType(typeName, label)
    annotations.push({
      id: annotationId(id),
      type: typeName,
      author: person(item),
      created: now,
      updated: now,
      status: 'open',
      orphaned: true,
      comments: children(item).filter((c) => c.localName === 'note').map((n, i) => ({ id: `${annotationId(id)}.c${i + 1}`, author: person(n), created: now, text: textContent(n) })),
      links: [],
      anchor: { quote: { type: 'TextQuoteSelector', exact: quote ? textContent(quote) : '', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 0 } },
    })
  }

  // Decisions: passage b from the variant-witness span, passage a from its <app>s.
  const decisions: Decision[] = []
  for (const span of variantSpans) {
    const id = xmlId(span)
    const [from] = pointer(span.getAttribute('from'))
    const [to] = pointer(span.getAttribute('to'))
    if (!id || !from || !to) continue
    const decisionId = id.replace(/^dec-/, '')
    const bStart = anchors.get(from)
    const bEnd = anchors.get(to)
    const pieces = pointer(span.getAttribute('corresp')).map((a) => apps.get(a)).filter((a) => a !== undefined)
    const variantA = annotations.find((a) => a.id === `${decisionId}.a` && !a.orphaned)
    const aRange = pieces.length
      ? { start: pieces[0].start, end: pieces[pieces.length - 1].end }
      : variantA ? { start: variantA.anchor.position.start, end: variantA.anchor.position.end } : null
    if (bStart === undefined || bEnd === undefined || !aRange) continue
    const first = pieces[0]
    const reading = decisionReading.get(first ? xmlId(first.app) ?? '' : id) ?? 'a'
    const witnessA = first?.inner ? witnesses.get(pointer(first.inner.getAttribute('wit'))[0] ?? '') : undefined
    const note = first ? child(first.app, 'note') : undefined
    const decision: Decision = {
      id: decisionId,
      a: { type: 'TextPositionSelector', ...aRange },
      b: { type: 'TextPositionSelector', start: bStart, end: bEnd },
      reading,
      author: person(span),
      created: now,
      witnesses: { a: witnessA ?? 'A', b: textContent(span) },
    }
    if (reading === 'edited') {
      decision.text = pieces
        .map((p) => {
          const lem = child(p.app, 'lem')
          return lem ? Array.from(lem.childNodes).map((c) => (isElement(c) && c.localName === 'lb' ? PARAGRAPH_SEPARATOR : textContent(c))).join('') : ''
        })
        .join(PARAGRAPH_SEPARATOR)
    }
    if (note) decision.note = textContent(note)
    decisions.push(decision)
  }
  return { paragraphs, annotations, decisions, types }
}
