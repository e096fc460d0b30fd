import type { EditionInput } from './editionInput'
import { placeCorrections, placeDuplicates } from './teiAnnotationMarkup'
import { placeTrackedChanges } from './teiTrackedChanges'
import { teiBody } from './teiBody'
import { teiCollationApparatus } from './teiCollation'
import { teiContext } from './teiContext'
import { placeDecisions } from './teiDecisions'
import { teiHeader } from './teiHeader'
import { teiBack, teiStandOff } from './teiListings'

/*
 * Encoding (documented for readers of the XML in docs/EXPORT.md):
 * - Every placed annotation is a pair of milestones <anchor xml:id="…-s"/> and
 *   <anchor xml:id="…-e"/> in the text plus a <span from to> in <standOff>, so
 *   annotations may overlap freely and cross paragraphs. Comments, suggestions
 *   and decision notes are <note target> in <back>.
 * - Collations (several versions of a passage, or separate documents) are each a
 *   <div type="collation"> in <back> with a parallel-segmentation apparatus
 *   (<app><lem wit><rdg wit>), their witnesses in the header's <listWit>.
 * - On top of that, where the ranges nest properly inside one paragraph:
 *   decisions become <app><lem><rdg> (parallel segmentation), typo fixes and
 *   accepted suggestions <choice><sic><corr>, duplicate occurrences <seg>s linked
 *   by @corresp (to the other occurrences) and @prev/@next (their pieces in other
 *   paragraphs). A container that would cross another is left out; its standoff
 *   span still records it.
 * The parts are built in this order (it fixes the xml:ids): context (editors,
 * witnesses, annotations, types), annotation anchors, decisions, corrections,
 * duplicates, body paragraphs; then header, standOff and back, which allocate none.
 */

/**
 * TEI P5 XML of an edition, valid against tei_all.rng (see the encoding note
 * above). Every @wit/@corresp/@target/@from/@to/@ana/@resp/@prev/@next pointer
 * resolves to an xml:id in the same document. User text is escaped and stripped
 * of characters XML 1.0 forbids. Never throws for well-typed input.
 */
export function exportTei(input: EditionInput): string {
  const ctx = teiContext(input)
  const body = teiBody(ctx)
  for (const p of ctx.placed) body.addAnchors(ctx.annIds.get(p.annotation.id)!, p.start, p.end)
  const decisions = placeDecisions(ctx, body)
  placeCorrections(ctx, body)
  placeTrackedChanges(ctx, body)
  const segLinks = placeDuplicates(ctx, body)
  const paragraphs = body.render()

  const collations = teiCollationApparatus(ctx)
  const hasVariants = decisions.count > 0 || ctx.collations.length > 0 || input.annotations.some((a) => a.type === 'variant')
  const header = teiHeader(ctx, hasVariants)
  const standOff = teiStandOff(ctx, decisions.variantSpans, segLinks)
  const back = [...collations, ...teiBack(ctx, decisions.notes)]
  const hasStandOff = standOff.length > 2

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<TEI xmlns="http://www.tei-c.org/ns/1.0">',
    ...header,
    '  <text>',
    '    <body>',
    paragraphs,
    '    </body>',
    ...(back.length ? ['    <back>', ...back, '    </back>'] : []),
    '  </text>',
    ...(hasStandOff ? standOff : []),
    '</TEI>',
    '',
  ].join('\n')
}
