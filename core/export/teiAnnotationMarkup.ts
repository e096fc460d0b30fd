import { PARAGRAPH_SEPARATOR, splitByParagraph, type ParagraphSpan } from '../text'
import { duplicateClusters } from './duplicateClusters'
import { escapeXml as x } from './escapeXml'
import type { PlacedAnnotation } from './resolveAnchors'
import type { TeiBody, TeiContainer } from './teiBody'
import type { TeiContext } from './teiContext'

/**
 * Typo fixes and accepted suggestions inside one paragraph as
 * <choice><sic><corr>: an accepted suggestion shows the new text as <corr>, an
 * open typo fix the current text as <sic>. Crossing ones are left to stand-off.
 */
export function placeCorrections(ctx: TeiContext, body: TeiBody): void {
  const { placed, paragraphs, projection, resp } = ctx
  for (const p of placed) {
    const a = p.annotation
    const s = a.suggestion
    // Tracked changes are <add>/<del> (teiTrackedChanges), or plain text once settled.
    if (!s || s.state === 'rejected' || a.change) continue
    if (splitByParagraph(paragraphs, p.start, p.end).length !== 1 || projection.slice(p.start, p.end).includes(PARAGRAPH_SEPARATOR)) continue
    const accepted = s.state === 'accepted' && s.original !== undefined
    if (!accepted && a.type !== 'typo') continue
    const r = resp(a.author)
    const open = accepted
      ? (inner: string) => `<choice><sic>${x(s.original!)}</sic><corr${r}>${inner}</corr></choice>`
      : (inner: string) => `<choice><sic>${inner}</sic><corr${r}>${x(s.text)}</corr></choice>`
    body.tryAdd({ start: p.start, end: p.end, priority: 1, open, children: [] })
  }
}

/** A duplicate cluster's first pieces, for a <link type="duplicate-cluster">. */
export interface SegLink { cluster: string; targets: string[] }

/**
 * Duplicate occurrences as <seg type="duplicate">, one per paragraph piece, linked
 * by @corresp to the other occurrences and by @prev/@next to their own pieces.
 * Returns the clusters with more than one occurrence, for the link group.
 */
export function placeDuplicates(ctx: TeiContext, body: TeiBody): SegLink[] {
  const { placed, paragraphs, newId, annIds, typeIds } = ctx
  const clusters = duplicateClusters(placed)
  const segLinks: SegLink[] = []
  for (const cluster of clusters) {
    const pieceIds = new Map<PlacedAnnotation, string[]>()
    const pending: Array<{ member: PlacedAnnotation; piece: ParagraphSpan; id: string; container: TeiContainer }> = []
    for (const member of cluster.members) {
      const ids: string[] = []
      splitByParagraph(paragraphs, member.start, member.end).forEach((piece, i) => {
        const id = newId(`${annIds.get(member.annotation.id)}-seg${i + 1}`)
        const container: TeiContainer = { start: piece.start, end: piece.end, priority: 2, open: () => '', children: [] }
        if (body.tryAdd(container)) {
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
  return segLinks
}
