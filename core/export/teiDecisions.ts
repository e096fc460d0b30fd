import type { Decision } from '../annotations'
import { PARAGRAPH_SEPARATOR, splitByParagraph } from '../text'
import { escapeXml as x } from './escapeXml'
import type { TeiBody } from './teiBody'
import type { TeiContext } from './teiContext'

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

/** What the decisions add besides their <app>s in the body. */
export interface TeiDecisions {
  /** Decisions whose ranges lie inside the projection; the others are left out. */
  count: number
  /** <span type="variant-witness"> lines for standOff: the B range of each decision. */
  variantSpans: string[]
  /** <note type="decision"> lines for back. */
  notes: string[]
}

/**
 * The decisions apparatus: each recorded decision is an <app> over its A range
 * (one per paragraph it covers) with the chosen reading as <lem> and the other as
 * <rdg wit>, plus anchors on its B range, a stand-off span and a note. An <app>
 * that would cross an earlier container is left out; its span still records it.
 * Call after the annotation anchors are added (ids are allocated in order).
 */
export function placeDecisions(ctx: TeiContext, body: TeiBody): TeiDecisions {
  const { input, projection, paragraphs, newId, witnessIds, resp } = ctx
  const decisionIds = new Map<string, string>()
  const validDecisions = input.decisions.filter(
    (d) => d.a.start >= 0 && d.a.end >= d.a.start && d.a.end <= projection.length && d.b.start >= 0 && d.b.end >= d.b.start && d.b.end <= projection.length,
  )
  for (const d of validDecisions) {
    const id = newId(`dec-${d.id}`)
    decisionIds.set(d.id, id)
    body.addAnchors(`${id}-b`, d.b.start, d.b.end)
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
      if (body.tryAdd({ start: piece.start, end: piece.end, priority: 0, open, children: [] })) ids.push(appId)
    })
    appIds.set(d.id, ids)
  }

  const variantSpans = validDecisions.flatMap((d) => {
    const id = decisionIds.get(d.id)!
    const apps = appIds.get(d.id) ?? []
    return [`      <span xml:id="${id}" type="variant-witness" from="#${id}-b-s" to="#${id}-b-e"${apps.length ? ` corresp="${apps.map((a) => `#${a}`).join(' ')}"` : ''}${resp(d.author)}>${x(d.witnesses.b)}</span>`]
  })
  const decisionNote = (d: Decision) =>
    `        <note type="decision" subtype="${d.reading}" target="${(appIds.get(d.id) ?? []).map((a) => `#${a}`).join(' ') || `#${decisionIds.get(d.id)}`}"${resp(d.author)}>${x(
      d.reading === 'edited' ? `Edited reading chosen over ${d.witnesses.a} and ${d.witnesses.b}.` : `Reading of ${d.reading === 'a' ? d.witnesses.a : d.witnesses.b} chosen.`,
    )}${d.note ? ` ${x(d.note)}` : ''}</note>`
  return { count: validDecisions.length, variantSpans, notes: validDecisions.map(decisionNote) }
}
