import type { CollationRow } from '../align'
import { escapeXml as x } from './escapeXml'
import type { TeiContext } from './teiContext'

/** Witness text in TEI: escaped, each line break a <lb/> so paragraphs stay visible. */
const teiText = (text: string): string => x(text).replace(/\r?\n/g, '<lb/>')

/**
 * The <witness> lines of every collation for the header's <listWit>: xml:id from
 * the siglum, @n the siglum as given, the description as content.
 */
export function teiCollationWitnesses(ctx: TeiContext): string[] {
  return ctx.collations.flatMap((c) => c.witnesses.map((w, i) => `          <witness xml:id="${c.witnessIds[i]}" n="${x(w.siglum)}">${x(w.description)}</witness>`))
}

/**
 * Each collation as a parallel-segmentation apparatus, a <div type="collation">
 * for <back>: the text read through all witnesses in one <ab>, where they agree
 * plain, where they differ an <app> with the base witness's reading as <lem wit>
 * and one <rdg wit="#B #D"> per other reading (witnesses that agree share it; an
 * empty <rdg/> for those that lack the passage). Moved passages are <link
 * type="transposition"> between the <app>s holding their places. Lines, indented.
 */
export function teiCollationApparatus(ctx: TeiContext): string[] {
  return ctx.collations.flatMap((c) => {
    const wit = (group: number[]) => group.map((w) => `#${c.witnessIds[w]}`).join(' ')
    const movedRows = new Map<number, number[]>() // row index → moves with a place in it
    c.table.moves.forEach((m, k) => {
      for (const p of m.places) {
        c.table.rows.forEach((row, r) => {
          const cell = row.cells[p.witness]
          if (row.readings.length > 1 && cell && cell[0] < p.range[1] && cell[1] > p.range[0]) movedRows.set(r, [...(movedRows.get(r) ?? []), k])
        })
      }
    })
    const appIds = new Map<number, string>()
    const reading = (row: CollationRow, w: number) => {
      const cell = row.cells[w]
      return cell ? teiText(c.texts[w].slice(cell[0], cell[1])) : ''
    }
    let ab = ''
    c.table.rows.forEach((row, r) => {
      if (row.readings.length === 1) {
        ab += reading(row, row.readings[0][0])
        return
      }
      const id = movedRows.has(r) ? ctx.newId(`${c.id}-app${appIds.size + 1}`) : null
      if (id) appIds.set(r, id)
      const parts = row.readings.map((group) => {
        const text = reading(row, group[0])
        const tag = group.includes(0) && row.cells[0] ? 'lem' : 'rdg'
        return text ? `<${tag} wit="${wit(group)}">${text}</${tag}>` : `<${tag} wit="${wit(group)}"/>`
      })
      // <lem> first, as TEI requires
      parts.sort((p, q) => Number(q.startsWith('<lem')) - Number(p.startsWith('<lem')))
      ab += `<app${id ? ` xml:id="${id}"` : ''}>${parts.join('')}</app>`
    })
    const links = c.table.moves.flatMap((_, k) => {
      const targets = [...movedRows].filter(([, ks]) => ks.includes(k)).map(([r]) => `#${appIds.get(r)}`)
      return targets.length >= 2 ? [`          <link type="transposition" target="${[...new Set(targets)].join(' ')}"/>`] : []
    })
    const sigla = c.witnesses.map((w) => w.siglum).join(', ')
    return [
      `      <div type="collation" xml:id="${c.id}">`,
      `        <head>Collation of ${x(sigla)}</head>`,
      `        <ab>${ab}</ab>`,
      ...(links.length ? ['        <linkGrp type="transpositions">', ...links, '        </linkGrp>'] : []),
      '      </div>',
    ]
  })
}
