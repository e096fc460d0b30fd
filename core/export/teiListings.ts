import type { Annotation } from '../annotations'
import { escapeXml as x } from './escapeXml'
import type { SegLink } from './teiAnnotationMarkup'
import { teiToken, teiWhen, type TeiContext } from './teiContext'
import { typeInfo } from './typeInfo'

/**
 * The <standOff> lines: annotation types as <interp>s, every placed annotation as a
 * <span from to> between its anchors, the decisions' variant-witness spans, and
 * the links (duplicate clusters, then annotation links, each pair once). Empty
 * groups are left out; only the open and close tags when there is nothing.
 */
export function teiStandOff(ctx: TeiContext, variantSpans: readonly string[], segLinks: readonly SegLink[]): string[] {
  const { input, placed, annIds, typeIds, resp } = ctx
  const known = (id: string) => annIds.has(id)
  const spans = placed.map((p) => {
    const a = p.annotation
    const id = annIds.get(a.id)!
    const label = typeInfo(input, a.type).label
    return `      <span xml:id="${id}" type="${teiToken(a.type)}" subtype="${a.status}" ana="#${typeIds.get(a.type)!}" from="#${id}-s" to="#${id}-e"${resp(a.author)}>${x(label)}</span>`
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
      links.push(`      <link type="${teiToken(link.rel)}" target="#${annIds.get(a.id)} #${annIds.get(link.target)}"/>`)
    }
  }
  return [
    '  <standOff>',
    ...(interps.length ? ['    <interpGrp type="annotation-types">', ...interps, '    </interpGrp>'] : []),
    ...(spans.length ? ['    <spanGrp type="annotations">', ...spans, '    </spanGrp>'] : []),
    ...(variantSpans.length ? ['    <spanGrp type="variant-witnesses">', ...variantSpans, '    </spanGrp>'] : []),
    ...(links.length ? ['    <linkGrp type="annotation-links">', ...links, '    </linkGrp>'] : []),
    '  </standOff>',
  ]
}

/**
 * The <back> lines: suggestions, comments and replies as <note target>, then
 * `decisionNotes`, then the orphaned annotations (no longer found in the text) as
 * a list quoting what they were attached to. Empty when there is none of these.
 */
export function teiBack(ctx: TeiContext, decisionNotes: readonly string[]): string[] {
  const { input, placed, orphans, annIds, typeIds, resp } = ctx
  const notes: string[] = []
  const commentNotes = (a: Annotation) => {
    const target = annIds.get(a.id)!
    if (a.suggestion) {
      const state = a.suggestion.state ?? 'open'
      notes.push(`        <note type="suggestion" subtype="${state}" target="#${target}"${resp(a.author)}>${x(a.suggestion.text)}</note>`)
    }
    a.comments.forEach((c, i) => {
      const w = teiWhen(c.created)
      const date = w ? `<date when="${w}">${x(c.created)}</date> ` : ''
      notes.push(`        <note type="${i === 0 ? 'comment' : 'reply'}" target="#${target}"${resp(c.author)}>${date}${x(c.text)}</note>`)
    })
  }
  for (const p of placed) commentNotes(p.annotation)
  notes.push(...decisionNotes)

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
  return back
}
