import type { Annotation, Decision } from '../annotations'
import { PARAGRAPH_SEPARATOR } from '../text'
import { duplicateClusters } from './duplicateClusters'
import { editionEditors } from './editionEditors'
import type { EditionInput } from './editionInput'
import { escapeXml as x } from './escapeXml'
import { paragraphIndexAt, paragraphSpans, splitByParagraph, type ParagraphSpan } from './paragraphSpans'
import { resolveAnchors, type PlacedAnnotation } from './resolveAnchors'
import { typeInfo } from './typeInfo'

/*
 * Encoding (documented for readers of the XML in docs/EXPORT.md):
 * - Every placed annotation is a pair of milestones <anchor xml:id="…-s"/> and
 *   <anchor xml:id="…-e"/> in the text plus a <span from to> in <standOff>, so
 *   annotations may overlap freely and cross paragraphs. Comments, suggestions
 *   and decision notes are <note target> in <back>.
 * - On top of that, where the ranges nest properly inside one paragraph:
 *   decisions become <app><lem><rdg> (parallel segmentation), typo fixes and
 *   accepted suggestions <choice><sic><corr>, duplicate occurrences <seg>s linked
 *   by @corresp (to the other occurrences) and @prev/@next (their pieces in other
 *   paragraphs). A container that would cross another is left out; its standoff
 *   span still records it.
 */

/** Allocates unique XML ids (NCNames) from arbitrary ids. */
function idAllocator() {
  const used = new Set<string>()
  return (wanted: string): string => {
    const base = wanted.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([^A-Za-z_])/, '_$1')
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return id
  }
}

interface Container {
  start: number
  end: number
  /** Lower = outer when two containers have the same range. */
  priority: number
  open: (inner: string) => string
  children: Container[]
}

function crosses(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const disjoint = a.end <= b.start || b.end <= a.start
  const nested = (a.start >= b.start && a.end <= b.end) || (b.start >= a.start && b.end <= a.end)
  return !disjoint && !nested
}

/** Splits text on paragraph separators into n pieces, the surplus joined into the last with <lb/>. */
function textPieces(text: string, n: number): string[] {
  const parts = text.split(PARAGRAPH_SEPARATOR)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    if (i < n - 1) out.push(x(parts[i] ?? ''))
    else out.push(parts.slice(i).map(x).join('<lb/>'))
  }
  return out
}

/** A teidata.enumerated value (@type): no white space or control characters. */
const token = (s: string): string => x(s.replace(/[\p{C}\p{Z}]+/gu, '_')) || '_'

const DATE = /^\d{4}-\d{2}-\d{2}/

/** An xsd:dateTime for @when (it needs seconds, which ISO strings may omit), or null. */
function when(iso: string): string | null {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : new Date(t).toISOString()
}

/**
 * TEI P5 XML of an edition, valid against tei_all.rng (see the encoding note
 * above). Every @wit/@corresp/@target/@from/@to/@ana/@resp/@prev/@next pointer
 * resolves to an xml:id in the same document. User text is escaped and stripped
 * of characters XML 1.0 forbids. Never throws for well-typed input.
 */
export function exportTei(input: EditionInput): string {
  const { projection } = input
  const newId = idAllocator()
  const paragraphs = paragraphSpans(projection)
  const { placed, orphans } = resolveAnchors(projection, input.annotations)

  // Editors and witnesses: the targets of @resp and @wit.
  const editorIds = new Map<string, string>()
  for (const name of editionEditors(input)) editorIds.set(name, newId(`ed-${editorIds.size + 1}`))
  const resp = (name: string) => (editorIds.has(name) ? ` resp="#${editorIds.get(name)}"` : '')
  const witnessIds = new Map<string, string>()
  for (const d of input.decisions) {
    for (const w of [d.witnesses.a, d.witnesses.b]) if (!witnessIds.has(w)) witnessIds.set(w, newId(`wit-${witnessIds.size + 1}`))
  }

  // Annotation ids, types.
  const annIds = new Map<string, string>()
  for (const a of input.annotations) if (!annIds.has(a.id)) annIds.set(a.id, newId(`ann-${a.id}`))
  const typeIds = new Map<string, string>()
  for (const a of input.annotations) if (!typeIds.has(a.type)) typeIds.set(a.type, newId(`type-${a.type}`))

  // Anchor milestones, normalised out of paragraph separators.
  const startAnchors = new Map<number, string[]>()
  const endAnchors = new Map<number, string[]>()
  const emptyEnds = new Map<number, string[]>()
  const paragraphOf = (offset: number) => {
    const i = paragraphIndexAt(paragraphs, offset)
    return i < paragraphs.length ? i : -1
  }
  const clampStart = (offset: number): number => {
    const i = paragraphOf(offset)
    if (i === -1) return paragraphs.length ? paragraphs[paragraphs.length - 1].end : 0
    return Math.max(offset, paragraphs[i].start)
  }
  const clampEnd = (offset: number): number => {
    const i = paragraphOf(offset)
    if (i === -1) return paragraphs.length ? paragraphs[paragraphs.length - 1].end : 0
    return offset >= paragraphs[i].start ? offset : i > 0 ? paragraphs[i - 1].end : paragraphs[0].start
  }
  const addAnchors = (id: string, start: number, end: number) => {
    let s = clampStart(start)
    const e = clampEnd(end)
    if (e < s) s = e
    const push = (map: Map<number, string[]>, at: number, anchor: string) => map.set(at, [...(map.get(at) ?? []), anchor])
    push(startAnchors, s, `<anchor xml:id="${id}-s"/>`)
    // An empty range's end must follow its start at the same offset.
    push(s === e ? emptyEnds : endAnchors, e, `<anchor xml:id="${id}-e"/>`)
  }
  for (const p of placed) addAnchors(annIds.get(p.annotation.id)!, p.start, p.end)
  const decisionIds = new Map<string, string>()
  const validDecisions = input.decisions.filter(
    (d) => d.a.start >= 0 && d.a.end >= d.a.start && d.a.end <= projection.length && d.b.start >= 0 && d.b.end >= d.b.start && d.b.end <= projection.length,
  )
  for (const d of validDecisions) {
    const id = newId(`dec-${d.id}`)
    decisionIds.set(d.id, id)
    addAnchors(`${id}-b`, d.b.start, d.b.end)
  }

  // Containers, placed greedily by priority; a crossing one is skipped.
  const accepted: Container[] = []
  const tryAdd = (c: Container): boolean => {
    if (c.end <= c.start) return false
    if (accepted.some((o) => crosses(o, c))) return false
    accepted.push(c)
    return true
  }
  const appIds = new Map<string, string[]>()
  for (const d of validDecisions) {
    const id = decisionIds.get(d.id)!
    const pieces = splitByParagraph(paragraphs, d.a.start, d.a.end)
    if (pieces.length === 0) continue
    const bText = textPieces(projection.slice(d.b.start, d.b.end), pieces.length)
    const edited = textPieces(d.text ?? '', pieces.length)
    const wa = `#${witnessIds.get(d.witnesses.a)!}`
    const wb = `#${witnessIds.get(d.witnesses.b)!}`
    const ids: string[] = []
    pieces.forEach((piece, i) => {
      const appId = newId(`${id}-app${pieces.length > 1 ? `-${i + 1}` : ''}`)
      const note = i === 0 && d.note ? `<note type="decision"${resp(d.author)}>${x(d.note)}</note>` : ''
      const open = (inner: string): string => {
        if (d.reading === 'a') return `<app xml:id="${appId}"><lem wit="${wa}"${resp(d.author)}>${inner}</lem><rdg wit="${wb}">${bText[i]}</rdg>${note}</app>`
        if (d.reading === 'b') return `<app xml:id="${appId}"><lem wit="${wb}"${resp(d.author)}>${bText[i]}</lem><rdg wit="${wa}">${inner}</rdg>${note}</app>`
        return `<app xml:id="${appId}"><lem type="edited"${resp(d.author)}>${edited[i]}</lem><rdg wit="${wa}">${inner}</rdg><rdg wit="${wb}">${bText[i]}</rdg>${note}</app>`
      }
      if (tryAdd({ start: piece.start, end: piece.end, priority: 0, open, children: [] })) ids.push(appId)
    })
    appIds.set(d.id, ids)
  }

  for (const p of placed) {
    const a = p.annotation
    const s = a.suggestion
    if (!s || s.state === 'rejected') continue
    if (splitByParagraph(paragraphs, p.start, p.end).length !== 1 || projection.slice(p.start, p.end).includes(PARAGRAPH_SEPARATOR)) continue
    const accepted = s.state === 'accepted' && s.original !== undefined
    if (!accepted && a.type !== 'typo') continue
    const r = resp(a.author)
    const open = accepted
      ? (inner: string) => `<choice><sic>${x(s.original!)}</sic><corr${r}>${inner}</corr></choice>`
      : (inner: string) => `<choice><sic>${inner}</sic><corr${r}>${x(s.text)}</corr></choice>`
    tryAdd({ start: p.start, end: p.end, priority: 1, open, children: [] })
  }

  const clusters = duplicateClusters(placed)
  const segLinks: Array<{ cluster: string; targets: string[] }> = []
  for (const cluster of clusters) {
    const pieceIds = new Map<PlacedAnnotation, string[]>()
    const pending: Array<{ member: PlacedAnnotation; piece: ParagraphSpan; id: string; container: Container }> = []
    for (const member of cluster.members) {
      const ids: string[] = []
      splitByParagraph(paragraphs, member.start, member.end).forEach((piece, i) => {
        const id = newId(`${annIds.get(member.annotation.id)}-seg${i + 1}`)
        const container: Container = { start: piece.start, end: piece.end, priority: 2, open: () => '', children: [] }
        if (tryAdd(container)) {
          ids.push(id)
          pending.push({ member, piece, id, container })
        }
      })
      pieceIds.set(member, ids)
    }
    for (const { member, id, container } of pending) {
      const ids = pieceIds.get(member)!
      const k = ids.indexOf(id)
      const others = cluster.members.filter((m) => m !== member).map((m) => pieceIds.get(m)![0]).filter((v) => v !== undefined)
      const attrs = [
        `xml:id="${id}"`,
        // The kept copy is the edition's text, not a duplicate (#18).
        member === cluster.kept ? 'type="kept-copy"' : 'type="duplicate"',
        member === cluster.kept ? '' : 'subtype="repeat"',
        member === cluster.kept ? '' : `ana="#${typeIds.get('duplicate')!}"`,
        others.length ? `corresp="${others.map((o) => `#${o}`).join(' ')}"` : '',
        k > 0 ? `prev="#${ids[k - 1]}"` : '',
        k < ids.length - 1 ? `next="#${ids[k + 1]}"` : '',
      ].filter(Boolean)
      container.open = (inner) => `<seg ${attrs.join(' ')}>${inner}</seg>`
    }
    const firsts = cluster.members.map((m) => annIds.get(m.annotation.id)!)
    if (firsts.length > 1) segLinks.push({ cluster: cluster.id, targets: firsts })
  }

  // Nest containers: sorted by start, longer first, then priority.
  accepted.sort((a, b) => a.start - b.start || b.end - a.end || a.priority - b.priority)
  const roots: Container[] = []
  const stack: Container[] = []
  for (const c of accepted) {
    while (stack.length && !(c.start >= stack[stack.length - 1].start && c.end <= stack[stack.length - 1].end)) stack.pop()
    if (stack.length) stack[stack.length - 1].children.push(c)
    else roots.push(c)
    stack.push(c)
  }

  // Body.
  const consumed = new Set<number>()
  const anchorsAt = (offset: number): string => {
    if (consumed.has(offset)) return ''
    consumed.add(offset)
    return [endAnchors, startAnchors, emptyEnds].map((m) => (m.get(offset) ?? []).join('')).join('')
  }
  const offsets = [...new Set([...startAnchors.keys(), ...endAnchors.keys()])].sort((a, b) => a - b)
  const textRun = (from: number, to: number, includeEnd: boolean): string => {
    let out = ''
    let pos = from
    let lo = 0
    let hi = offsets.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (offsets[mid] < from) lo = mid + 1
      else hi = mid
    }
    for (let k = lo; k < offsets.length; k++) {
      const o = offsets[k]
      if (o > to || (o === to && !includeEnd)) break
      out += x(projection.slice(pos, o)) + anchorsAt(o)
      pos = o
    }
    return out + x(projection.slice(pos, to))
  }
  const renderRange = (from: number, to: number, children: Container[], top: boolean): string => {
    let out = ''
    let pos = from
    for (const c of children) {
      out += textRun(pos, c.start, true)
      out += c.open(renderRange(c.start, c.end, c.children, false))
      pos = c.end
    }
    return out + textRun(pos, to, top)
  }
  const rootsByParagraph: Container[][] = paragraphs.map(() => [])
  for (const c of roots) rootsByParagraph[paragraphIndexAt(paragraphs, c.start)]?.push(c)
  const body = paragraphs.length
    ? paragraphs
        .map((p, i) => {
          const kids = rootsByParagraph[i]
          return `      <p xml:id="${newId(`p${i + 1}`)}">${renderRange(p.start, p.end, kids, true)}</p>`
        })
        .join('\n')
    : `      <p>${anchorsAt(0)}</p>`

  // Header.
  const editors = [...editorIds].map(([name, id]) => `        <respStmt xml:id="${id}"><resp>annotated by</resp><name>${x(name)}</name></respStmt>`)
  const day = input.metadata.date?.slice(0, 10)
  // Only a real calendar day: "2026-02-30" parses in JS but is no xsd:date.
  const date = day && DATE.test(day) && when(day)?.slice(0, 10) === day ? day : undefined
  const witnesses = [...witnessIds].map(([name, id]) => `          <witness xml:id="${id}">${x(name)}</witness>`)
  const hasVariants = validDecisions.length > 0 || input.annotations.some((a) => a.type === 'variant')
  const header = [
    '  <teiHeader>',
    '    <fileDesc>',
    '      <titleStmt>',
    `        <title>${x(input.title)}</title>`,
    ...editors,
    '      </titleStmt>',
    '      <publicationStmt>',
    `        <p>Annotated edition exported by Variorum${date ? ` on <date when="${date}">${date}</date>` : ''}.${input.metadata.id ? ` Document <idno>${x(input.metadata.id)}</idno>.` : ''}</p>`,
    '      </publicationStmt>',
    '      <sourceDesc>',
    `        <bibl>${x(input.metadata.source ?? input.title)}</bibl>`,
    ...(witnesses.length ? ['        <listWit>', ...witnesses, '        </listWit>'] : []),
    '      </sourceDesc>',
    '    </fileDesc>',
    '    <encodingDesc>',
    '      <editorialDecl><p>Annotations are encoded stand-off: anchor milestones in the text, spans in standOff, comments as notes in back.</p></editorialDecl>',
    ...(hasVariants ? ['      <variantEncoding method="parallel-segmentation" location="internal"/>'] : []),
    '    </encodingDesc>',
    '  </teiHeader>',
  ]

  // Standoff and notes.
  const known = (id: string) => annIds.has(id)
  const spans = placed.map((p) => {
    const a = p.annotation
    const id = annIds.get(a.id)!
    const label = typeInfo(input, a.type).label
    return `      <span xml:id="${id}" type="${token(a.type)}" subtype="${a.status}" ana="#${typeIds.get(a.type)!}" from="#${id}-s" to="#${id}-e"${resp(a.author)}>${x(label)}</span>`
  })
  const variantSpans = validDecisions.flatMap((d) => {
    const id = decisionIds.get(d.id)!
    const apps = appIds.get(d.id) ?? []
    return [`      <span xml:id="${id}" type="variant-witness" from="#${id}-b-s" to="#${id}-b-e"${apps.length ? ` corresp="${apps.map((a) => `#${a}`).join(' ')}"` : ''}${resp(d.author)}>${x(d.witnesses.b)}</span>`]
  })
  const interps = [...typeIds].map(([name, id]) => `      <interp xml:id="${id}">${x(typeInfo(input, name).label)}</interp>`)
  const links: string[] = []
  for (const l of segLinks) links.push(`      <link type="duplicate-cluster" target="${l.targets.map((t) => `#${t}`).join(' ')}"/>`)
  const seen = new Set<string>()
  for (const a of input.annotations) {
    for (const link of a.links) {
      if (link.rel === 'duplicate-cluster' || !known(link.target) || link.target === a.id) continue
      const key = `${link.rel}\u0000${[a.id, link.target].sort().join('\u0000')}`
      if (seen.has(key)) continue
      seen.add(key)
      links.push(`      <link type="${token(link.rel)}" target="#${annIds.get(a.id)} #${annIds.get(link.target)}"/>`)
    }
  }

  const notes: string[] = []
  const commentNotes = (a: Annotation) => {
    const target = annIds.get(a.id)!
    if (a.suggestion) {
      const state = a.suggestion.state ?? 'open'
      notes.push(`        <note type="suggestion" subtype="${state}" target="#${target}"${resp(a.author)}>${x(a.suggestion.text)}</note>`)
    }
    a.comments.forEach((c, i) => {
      const w = when(c.created)
      const date = w ? `<date when="${w}">${x(c.created)}</date> ` : ''
      notes.push(`        <note type="${i === 0 ? 'comment' : 'reply'}" target="#${target}"${resp(c.author)}>${date}${x(c.text)}</note>`)
    })
  }
  for (const p of placed) commentNotes(p.annotation)
  const decisionNote = (d: Decision) =>
    `        <note type="decision" subtype="${d.reading}" target="${(appIds.get(d.id) ?? []).map((a) => `#${a}`).join(' ') || `#${decisionIds.get(d.id)}`}"${resp(d.author)}>${x(
      d.reading === 'edited' ? `Edited reading chosen over ${d.witnesses.a} and ${d.witnesses.b}.` : `Reading of ${d.reading === 'a' ? d.witnesses.a : d.witnesses.b} chosen.`,
    )}${d.note ? ` ${x(d.note)}` : ''}</note>`
  for (const d of validDecisions) notes.push(decisionNote(d))

  const orphanItems = orphans.map((a) => {
    const id = annIds.get(a.id)!
    const comments = a.comments.map((c) => `<note type="comment"${resp(c.author)}>${x(c.text)}</note>`).join('')
    return `          <item xml:id="${id}" ana="#${typeIds.get(a.type)!}"${resp(a.author)}><label>${x(typeInfo(input, a.type).label)}</label> <quote>${x(a.anchor.quote.exact)}</quote>${comments}</item>`
  })
  const back: string[] = []
  if (notes.length) back.push('      <div type="notes">', '        <head>Notes</head>', ...notes, '      </div>')
  if (orphanItems.length) {
    back.push('      <div type="orphaned-annotations">', '        <head>Orphaned annotations</head>', '        <list>', ...orphanItems, '        </list>', '      </div>')
  }

  const standOff = [
    '  <standOff>',
    ...(interps.length ? ['    <interpGrp type="annotation-types">', ...interps, '    </interpGrp>'] : []),
    ...(spans.length ? ['    <spanGrp type="annotations">', ...spans, '    </spanGrp>'] : []),
    ...(variantSpans.length ? ['    <spanGrp type="variant-witnesses">', ...variantSpans, '    </spanGrp>'] : []),
    ...(links.length ? ['    <linkGrp type="annotation-links">', ...links, '    </linkGrp>'] : []),
    '  </standOff>',
  ]
  const hasStandOff = standOff.length > 2

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<TEI xmlns="http://www.tei-c.org/ns/1.0">',
    ...header,
    '  <text>',
    '    <body>',
    body,
    '    </body>',
    ...(back.length ? ['    <back>', ...back, '    </back>'] : []),
    '  </text>',
    ...(hasStandOff ? standOff : []),
    '</TEI>',
    '',
  ].join('\n')
}
