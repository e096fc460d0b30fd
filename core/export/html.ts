import type { Annotation } from '../annotations'
import { clampIntoParagraph, paragraphAt, paragraphSpans } from '../text'
import { duplicateClusters } from './duplicateClusters'
import { editionEditors } from './editionEditors'
import type { EditionInput } from './editionInput'
import { escapeXml as h } from './escapeXml'
import { previewQuote } from './markdown'
import { resolveAnchors, type PlacedAnnotation } from './resolveAnchors'
import { annotationColor, annotationLabel, typeInfo } from './typeInfo'

/** Height in CSS px of one annotation's underline band; bands stack one per lane. */
const BAND = 3

/*
 * Overlaps: each annotation gets a lane (the lowest free one when it starts), and
 * every stretch of text draws one coloured band per annotation covering it, at
 * its lane's height, so overlapping annotations stack instead of hiding each
 * other. Each annotation also has a text label at its start ("[3 Typo]") and a
 * numbered note mark at its end: colour is never the only cue.
 */
const STYLE = `
:root { color-scheme: light; }
body { font: 18px/2.1 "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6em; line-height: 1.3; }
h2 { font-size: 1.2em; margin-top: 2em; border-top: 1px solid #999; padding-top: .5em; }
.meta { color: #444; font-size: .9em; line-height: 1.5; }
.text p { margin: 0 0 1em; }
.hl { background-repeat: no-repeat; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.lab { font: bold 11px/1.2 system-ui, sans-serif; color: #fff; border-radius: 3px; padding: 0 3px; margin: 0 1px; vertical-align: super; white-space: nowrap; }
.ref { font-size: .7em; vertical-align: super; line-height: 0; }
.ref a, .notes a { color: #1a4f9c; }
.ref + .ref::before { content: ","; }
.chip { font: bold 12px/1.4 system-ui, sans-serif; color: #fff; border-radius: 3px; padding: 0 4px; }
.notes li, .apparatus li, .orphans li { margin-bottom: .6em; line-height: 1.6; }
.comment { margin: .2em 0 0 1em; }
.comment b { font-weight: 600; }
.quote { color: #333; }
.legend .chip { margin-right: .4em; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  .notes li, .apparatus li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`

interface Lane {
  placed: PlacedAnnotation
  n: number
  lane: number
  color: string
}

function assignLanes(input: EditionInput, placed: readonly PlacedAnnotation[]): Lane[] {
  const laneEnds: number[] = []
  return placed.map((p, i) => {
    let lane = laneEnds.findIndex((end) => end <= p.start)
    if (lane === -1) lane = laneEnds.length
    laneEnds[lane] = Math.max(p.end, p.start + 1)
    return { placed: p, n: i + 1, lane, color: annotationColor(input, p.annotation.type, p.annotation.color) }
  })
}

function bands(active: readonly Lane[]): string {
  if (!active.length) return ''
  const top = Math.max(...active.map((a) => a.lane)) + 1
  const images = active.map((a) => `linear-gradient(${a.color},${a.color})`).join(',')
  const sizes = active.map(() => `100% ${BAND}px`).join(',')
  const positions = active.map((a) => `0 calc(100% - ${a.lane * BAND}px)`).join(',')
  return ` style="background-image:${images};background-size:${sizes};background-position:${positions};padding-bottom:${top * BAND}px"`
}

function comments(a: Annotation): string {
  return a.comments
    .map((c) => `<div class="comment"><b>${h(c.author)}</b> <time datetime="${h(c.created)}">${h(c.created.slice(0, 16).replace('T', ' '))}</time>: ${h(c.text)}</div>`)
    .join('')
}

function chip(input: EditionInput, a: Annotation): string {
  return `<span class="chip" style="background:${annotationColor(input, a.type, a.color)}">${h(annotationLabel(input, a))}</span>`
}

function suggestion(a: Annotation): string {
  if (!a.suggestion) return ''
  const state = a.suggestion.state ?? 'open'
  return `<div class="comment">${state === 'open' ? 'Suggested' : state === 'accepted' ? 'Accepted' : 'Rejected'}: “${h(a.suggestion.text)}”${a.suggestion.original !== undefined ? ` (was “${h(a.suggestion.original)}”)` : ''}</div>`
}

/**
 * One self-contained HTML file of the edition: no scripts and no external
 * requests (a Content-Security-Policy forbids them), inline CSS that also prints.
 * The text shows every annotation as a coloured band (stacked where annotations
 * overlap) with a text label at its start and a note mark at its end; then notes
 * (comments, suggestions, links), an apparatus of decisions and duplicate
 * clusters, and the orphaned annotations. All user text is escaped.
 */
export function exportHtml(input: EditionInput): string {
  const { projection } = input
  const { placed, orphans } = resolveAnchors(input)
  const paragraphs = paragraphSpans(projection)
  const lanes = assignLanes(input, placed)
  const numberOf = new Map(lanes.map((l) => [l.placed.annotation.id, l.n]))

  // Where each label and note mark goes: ranges that start or end in a paragraph
  // break are pulled into the neighbouring paragraph.
  const starts = new Map<number, Lane[]>()
  const ends = new Map<number, Lane[]>()
  for (const l of lanes) {
    const para = paragraphs[paragraphAt(paragraphs, l.placed.start)]
    const endAt = clampIntoParagraph(paragraphs, l.placed.end)
    const startAt = Math.min(Math.max(l.placed.start, para?.start ?? 0), endAt)
    starts.set(startAt, [...(starts.get(startAt) ?? []), l])
    if (l.placed.end > l.placed.start) ends.set(endAt, [...(ends.get(endAt) ?? []), l])
  }
  const ref = (l: Lane) => `<sup class="ref"><a id="ref-${l.n}" href="#note-${l.n}">${l.n}</a></sup>`
  const marksAt = (at: number) =>
    (ends.get(at) ?? []).map(ref).join('') +
    (starts.get(at) ?? [])
      .map((l) => `<span class="lab" style="background:${l.color}">${l.n} ${h(annotationLabel(input, l.placed.annotation))}</span>${l.placed.end === l.placed.start ? ref(l) : ''}`)
      .join('')

  const buckets: Lane[][] = paragraphs.map(() => [])
  for (const l of lanes) {
    for (let i = paragraphAt(paragraphs, l.placed.start); i < paragraphs.length && paragraphs[i].start <= l.placed.end; i++) buckets[i].push(l)
  }

  const body = paragraphs.map((p, i) => {
    const cuts = new Set<number>([p.start, p.end])
    const here = buckets[i]
    for (const l of here) {
      if (l.placed.start > p.start && l.placed.start < p.end) cuts.add(l.placed.start)
      if (l.placed.end > p.start && l.placed.end < p.end) cuts.add(l.placed.end)
    }
    const points = [...cuts].sort((a, b) => a - b)
    let html = ''
    for (let k = 0; k < points.length - 1; k++) {
      const s = points[k]
      const e = points[k + 1]
      html += marksAt(s)
      const active = here.filter((l) => l.placed.start < e && l.placed.end > s)
      const text = h(projection.slice(s, e))
      html += active.length ? `<span class="hl"${bands(active)}>${text}</span>` : text
    }
    html += marksAt(p.end)
    return `<p id="p${i + 1}">${html}</p>`
  })

  const notes = lanes.map(({ placed: p, n }) => {
    const a = p.annotation
    const links = a.links
      .filter((l) => numberOf.has(l.target))
      .map((l) => `${h(l.rel)} → <a href="#note-${numberOf.get(l.target)}">${numberOf.get(l.target)}</a>`)
      .join(', ')
    return `<li id="note-${n}" value="${n}"><a href="#ref-${n}" aria-label="back to the text">↑</a> ${chip(input, a)} <span class="quote">“${h(previewQuote(projection.slice(p.start, p.end)))}”</span> — ${h(a.author)}${a.status === 'resolved' ? ' (resolved)' : ''}${suggestion(a)}${comments(a)}${links ? `<div class="comment">Links: ${links}</div>` : ''}</li>`
  })

  const apparatus: string[] = []
  for (const d of input.decisions) {
    const a = projection.slice(d.a.start, d.a.end)
    const b = projection.slice(d.b.start, d.b.end)
    const lem = d.reading === 'a' ? [a, d.witnesses.a] : d.reading === 'b' ? [b, d.witnesses.b] : [d.text ?? '', 'edited']
    const rdgs = [d.reading !== 'a' ? [a, d.witnesses.a] : null, d.reading !== 'b' ? [b, d.witnesses.b] : null].filter((r): r is string[] => r !== null)
    apparatus.push(
      `<li><b>Variant</b> ${h(previewQuote(lem[0]))} <i>${h(lem[1])}</i> ] ${rdgs.map((r) => `${h(previewQuote(r[0]))} <i>${h(r[1])}</i>`).join('; ')} — ${h(d.author)}${d.note ? `: ${h(d.note)}` : ''}</li>`,
    )
  }
  for (const c of duplicateClusters(placed)) {
    if (c.members.length < 2) continue
    const members = c.members.map((m) => `${m === c.kept ? '<b>kept</b>' : 'repeat'} <a href="#note-${numberOf.get(m.annotation.id)}">${numberOf.get(m.annotation.id)}</a> “${h(previewQuote(projection.slice(m.start, m.end)))}”`)
    apparatus.push(`<li><b>Duplicate</b> ${h(c.id)}: ${members.join('; ')}</li>`)
  }

  const orphanItems = orphans.map((a) => `<li>${chip(input, a)} <span class="quote">“${h(previewQuote(a.anchor.quote.exact))}”</span> — ${h(a.author)}${suggestion(a)}${comments(a)}</li>`)
  const usedTypes = [...new Set(input.annotations.map((a) => a.type))]
  const editors = editionEditors(input)
  const meta = [
    input.metadata.source ? `Source: ${h(input.metadata.source)}` : '',
    editors.length ? `Editors: ${editors.map(h).join(', ')}` : '',
    input.metadata.date ? `Date: ${h(input.metadata.date)}` : '',
  ].filter(Boolean)

  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${h(input.title)}</h1>
${meta.length ? `<p class="meta">${meta.join('<br>')}</p>` : ''}
${usedTypes.length ? `<p class="legend meta">${usedTypes.map((t) => `<span class="chip" style="background:${typeInfo(input, t).color}">${h(typeInfo(input, t).label)}</span>`).join('')}</p>` : ''}
</header>
<main class="text">
${body.join('\n')}
</main>
${notes.length ? `<section class="notes"><h2>Notes</h2><ol>\n${notes.join('\n')}\n</ol></section>` : ''}
${apparatus.length ? `<section class="apparatus"><h2>Apparatus</h2><ul>\n${apparatus.join('\n')}\n</ul></section>` : ''}
${orphanItems.length ? `<section class="orphans"><h2>Orphaned annotations</h2><ul>\n${orphanItems.join('\n')}\n</ul></section>` : ''}
</body>
</html>
`
}
