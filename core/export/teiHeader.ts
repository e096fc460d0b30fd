import { escapeXml as x } from './escapeXml'
import { teiCollationWitnesses } from './teiCollation'
import { teiWhen, type TeiContext } from './teiContext'

const DATE = /^\d{4}-\d{2}-\d{2}/

/**
 * The <teiHeader> lines: title and editors, publication statement (date and
 * document id when given), source with the <listWit> of every witness, and the
 * encoding description (parallel segmentation when `hasVariants`).
 */
export function teiHeader(ctx: TeiContext, hasVariants: boolean): string[] {
  const { input, editorIds, witnessIds } = ctx
  const editors = [...editorIds].map(([name, id]) => `        <respStmt xml:id="${id}"><resp>annotated by</resp><name>${x(name)}</name></respStmt>`)
  const day = input.metadata.date?.slice(0, 10)
  // Only a real calendar day: "2026-02-30" parses in JS but is no xsd:date.
  const date = day && DATE.test(day) && teiWhen(day)?.slice(0, 10) === day ? day : undefined
  const witnesses = [...witnessIds].map(([name, id]) => `          <witness xml:id="${id}">${x(name)}</witness>`)
  witnesses.push(...teiCollationWitnesses(ctx))
  return [
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
}
