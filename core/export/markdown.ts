import type { Annotation } from '../annotations'
import { clampIntoParagraph, paragraphSpans } from '../text'
import { duplicateClusters } from './duplicateClusters'
import { editionEditors } from './editionEditors'
import type { EditionInput } from './editionInput'
import { escapeMarkdown as md } from './escapeMarkdown'
import { resolveAnchors } from './resolveAnchors'
import { annotationLabel } from './typeInfo'

/** Longest quote shown in a note or the apparatus before it is cut with "…". */
export const QUOTE_PREVIEW_LENGTH = 80

/** A quote for a note: one line, at most QUOTE_PREVIEW_LENGTH characters (e.g. 100 → 80 + "…"). */
export function previewQuote(text: string): string {
  const oneLine = text.replace(/\s*\n+\s*/g, ' ¶ ')
  return oneLine.length > QUOTE_PREVIEW_LENGTH ? `${oneLine.slice(0, QUOTE_PREVIEW_LENGTH)}…` : oneLine
}

const line = (text: string) => md(text.replace(/\s*\n+\s*/g, ' '))

function noteText(input: EditionInput, a: Annotation, quote: string): string {
  const parts = [`**${line(annotationLabel(input, a))}**${a.status === 'resolved' ? ' (resolved)' : ''} “${md(previewQuote(quote))}” — ${line(a.author)}`]
  if (a.suggestion) {
    const state = a.suggestion.state ?? 'open'
    parts.push(`${state === 'open' ? 'suggested' : state}: “${md(previewQuote(a.suggestion.text))}”`)
  }
  for (const c of a.comments) parts.push(`${line(c.author)}: ${line(c.text)}`)
  return parts.join(' · ')
}

/**
 * Markdown edition: the title, the text as paragraphs with a footnote reference
 * (`[^n]`) after each annotated range, the notes as footnotes, then an apparatus
 * of decisions and duplicate clusters and a list of orphaned annotations. All user
 * text is escaped (see escapeMarkdown). Footnotes are numbered in text order.
 */
export function exportMarkdown(input: EditionInput): string {
  const { projection } = input
  const { placed, orphans } = resolveAnchors(input)
  const paragraphs = paragraphSpans(projection)
  const refsAt = new Map<number, number[]>()
  const number = new Map<string, number>()
  placed.forEach((p, i) => {
    number.set(p.annotation.id, i + 1)
    const at = clampIntoParagraph(paragraphs, p.end)
    refsAt.set(at, [...(refsAt.get(at) ?? []), i + 1])
  })
  const out: string[] = [`# ${line(input.title)}`, '']
  const meta = [
    input.metadata.source ? `Source: ${line(input.metadata.source)}` : '',
    editionEditors(input).length ? `Editors: ${editionEditors(input).map(line).join(', ')}` : '',
    input.metadata.date ? `Date: ${line(input.metadata.date)}` : '',
  ].filter(Boolean)
  if (meta.length) out.push(meta.join('  \n'), '')
  const refOffsets = [...refsAt.keys()].sort((a, b) => a - b)
  let next = 0
  for (const p of paragraphs) {
    let text = ''
    let pos = p.start
    while (next < refOffsets.length && refOffsets[next] < p.start) next++
    for (; next < refOffsets.length && refOffsets[next] <= p.end; next++) {
      const k = refOffsets[next]
      text += md(projection.slice(pos, k)) + refsAt.get(k)!.map((n) => `[^${n}]`).join('')
      pos = k
    }
    out.push(text + md(projection.slice(pos, p.end)), '')
  }
  if (input.decisions.length || duplicateClusters(placed).some((c) => c.members.length > 1)) {
    out.push('## Apparatus', '')
    for (const d of input.decisions) {
      const a = projection.slice(d.a.start, d.a.end)
      const b = projection.slice(d.b.start, d.b.end)
      const lem = d.reading === 'a' ? `${md(previewQuote(a))} (${line(d.witnesses.a)})` : d.reading === 'b' ? `${md(previewQuote(b))} (${line(d.witnesses.b)})` : `${md(previewQuote(d.text ?? ''))} (edited)`
      const rdgs = [d.reading !== 'a' ? `${md(previewQuote(a))} (${line(d.witnesses.a)})` : '', d.reading !== 'b' ? `${md(previewQuote(b))} (${line(d.witnesses.b)})` : ''].filter(Boolean)
      out.push(`- **Variant** — reading: ${lem} \\] ${rdgs.join('; ')} — ${line(d.author)}${d.note ? `: ${line(d.note)}` : ''}`)
    }
    for (const c of duplicateClusters(placed)) {
      if (c.members.length < 2) continue
      const members = c.members.map((m) => `${m === c.kept ? 'kept' : 'repeat'} [^${number.get(m.annotation.id)}] “${md(previewQuote(projection.slice(m.start, m.end)))}”`)
      out.push(`- **Duplicate** ${md(c.id)}: ${members.join('; ')}`)
    }
    out.push('')
  }
  if (orphans.length) {
    out.push('## Orphaned annotations', '')
    for (const a of orphans) out.push(`- ${noteText(input, a, a.anchor.quote.exact)}`)
    out.push('')
  }
  for (const p of placed) out.push(`[^${number.get(p.annotation.id)}]: ${noteText(input, p.annotation, projection.slice(p.start, p.end))}`)
  return `${out.join('\n').trimEnd()}\n`
}
