import { splitByParagraph } from '../text'
import type { TeiBody } from './teiBody'
import type { TeiContext } from './teiContext'
import { openChangeKind } from './trackedChanges'

/**
 * Open tracked changes inline (#18): a proposed insertion as <add>, a proposed
 * deletion as <del>, each with @resp naming its author and @type="suggestion" (not
 * yet accepted), one element per paragraph piece (a deletion across a paragraph
 * break becomes two). A piece that would cross another container is left to the
 * stand-off anchors every annotation has.
 */
export function placeTrackedChanges(ctx: TeiContext, body: TeiBody): void {
  for (const p of ctx.placed) {
    const kind = openChangeKind(p.annotation)
    if (!kind) continue
    const tag = kind === 'insert' ? 'add' : 'del'
    const r = ctx.resp(p.annotation.author)
    for (const piece of splitByParagraph(ctx.paragraphs, p.start, p.end)) {
      body.tryAdd({ start: piece.start, end: piece.end, priority: 1, open: (inner) => `<${tag} type="suggestion"${r}>${inner}</${tag}>`, children: [] })
    }
  }
}
