import { contentGrams, gramCoverage } from './contentGrams'
import { findContinuationMarkers, type ContinuationMarker } from './findContinuationMarkers'
import { paragraphShape } from './paragraphShape'
import type { CheckRule, Finding, ParagraphSpan } from './types'

interface Located extends ContinuationMarker {
  paragraph: number
  /** Headline of the piece: for 'to', the nearest heading above; for 'from', the heading right above (a jump headline). */
  heading: string | null
}

/**
 * Jump lines name their story by a jump word ("See BUDGET, Page A6" and
 * "BUDGET, from Page A1"): equal words, same story. Otherwise two headlines name
 * the same story when most of the shorter one's grams occur in the longer.
 * Worked example: "习近平出席峰会并作主旨发言" against "丝路花开" shares
 * nothing (0), so a 下转 marker under the one and a 上接 marker under the other are
 * not paired.
 */
const SAME_HEADLINE = 0.5

function locate(paragraphs: readonly ParagraphSpan[]): Located[] {
  const shapes = paragraphs.map((paragraph) => paragraphShape(paragraph))
  const located: Located[] = []
  paragraphs.forEach((paragraph, index) => {
    for (const marker of findContinuationMarkers(paragraph.text)) {
      let heading: string | null = null
      if (marker.direction === 'to') {
        for (let i = index - 1; i >= 0 && heading === null; i--) {
          if (shapes[i].kind === 'marker') break
          if (shapes[i].kind === 'heading') heading = shapes[i].body
        }
      } else if (index > 0 && shapes[index - 1].kind === 'heading' && paragraph.text.slice(0, marker.start).trim() === '') {
        heading = shapes[index - 1].body
      }
      located.push({ ...marker, start: paragraph.start + marker.start, end: paragraph.start + marker.end, paragraph: index, heading })
    }
  })
  return located
}

function sameStory(to: Located, from: Located, toCount: number, fromCount: number): boolean {
  if (to.jump !== undefined && from.jump !== undefined) return to.jump === from.jump
  if (to.heading !== null && from.heading !== null) {
    const a = contentGrams(to.heading)
    const b = contentGrams(from.heading)
    const [shorter, longer] = a.size <= b.size ? [a, b] : [b, a]
    return gramCoverage(shorter, longer) >= SAME_HEADLINE
  }
  // Without headlines to compare, pair only the one 下转 with the one 上接 of a document.
  return toCount === 1 && fromCount === 1 && to.page !== from.page
}

function describePage(page: string): string {
  return page === 'next' || page === 'previous' ? `the ${page} page` : `page ${page}`
}

/** The rest of the story after a 'from' marker: the marker's paragraph after it, or the next paragraph. */
function pieceAfter(marker: Located, text: string, paragraphs: readonly ParagraphSpan[]) {
  const paragraph = paragraphs[marker.paragraph]
  const rest = text.slice(marker.end, paragraph.end)
  if (rest.trim() !== '') return { start: marker.end + (rest.length - rest.trimStart().length), end: paragraph.start + paragraph.text.trimEnd().length }
  const next = paragraphs[marker.paragraph + 1]
  return next ? { start: next.start, end: next.end } : null
}

/** The story before a 'to' marker: its paragraph up to the marker, or the previous paragraph. */
function pieceBefore(marker: Located, text: string, paragraphs: readonly ParagraphSpan[]) {
  const paragraph = paragraphs[marker.paragraph]
  const before = text.slice(paragraph.start, marker.start)
  if (before.trim() !== '') return { start: paragraph.start + (before.length - before.trimStart().length), end: paragraph.start + before.trimEnd().length }
  const previous = paragraphs[marker.paragraph - 1]
  return previous ? { start: previous.start, end: previous.end } : null
}

export const continuationMarker: CheckRule = {
  id: 'continuation-marker',
  description: 'A printed pointer to another page ((上接第一版), (下转第三版), "continued on page 6"), linked to the other piece of the story when it is in the text.',
  run(text, paragraphs) {
    const markers = locate(paragraphs)
    const tos = markers.filter((marker) => marker.direction === 'to')
    const froms = markers.filter((marker) => marker.direction === 'from')
    const partner = new Map<Located, Located>()
    for (const to of tos) {
      const from = froms.find((candidate) => !partner.has(candidate) && sameStory(to, candidate, tos.length, froms.length))
      if (from) {
        partner.set(to, from)
        partner.set(from, to)
      }
    }
    return markers.map((marker): Finding => {
      const other = partner.get(marker)
      const printed = text.slice(marker.start, marker.end)
      const where = describePage(marker.page)
      const base =
        marker.direction === 'to'
          ? `Continuation marker ${printed}: the story continues on ${where}`
          : `Continuation marker ${printed}: this piece continues a story begun on ${where}`
      const finding: Finding = {
        rule: 'continuation-marker',
        start: marker.start,
        end: marker.end,
        message: other
          ? `${base}; the other piece is in this text (${marker.direction === 'to' ? 'after' : 'before'} ${text.slice(other.start, other.end)}).`
          : `${base}; the other piece is not in this text.`,
      }
      const piece = other ? (marker.direction === 'to' ? pieceAfter(other, text, paragraphs) : pieceBefore(other, text, paragraphs)) : null
      if (piece) finding.related = [piece]
      return finding
    })
  },
}
