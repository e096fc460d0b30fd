import { computed, shallowRef, type ComputedRef, type Ref } from 'vue'
import { collateWitnesses } from '../../core/align'
import { collationDecisionIdFor, type CollationDecision, type CollationNow } from '../../doc'
import type { WitnessDocument } from './useWitnessDocuments'
import { buildCollationTable, readingsAt, type CollationTable, type TableRow } from '../compare/collationTable'

export interface CollationTableState {
  /** The table of the collation's current texts; null while a witness has no text (deleted) or the text is not loaded. */
  table: ComputedRef<CollationTable | null>
  /** Milliseconds the last collating took. */
  ms: ComputedRef<number | null>
  /** The decision on a difference row, matched by what the witnesses read there. */
  decisionAt: (row: TableRow) => CollationDecision | undefined
  /** Indexes of the difference rows that have a decision. */
  decidedRows: ComputedRef<Set<number>>
  undecided: ComputedRef<number>
}

/**
 * The collation table of a saved collation on the current text and how its
 * differences stand. The witnesses' texts are collated again only when one of
 * them changes (an edit elsewhere in the document leaves them equal). A witness
 * in another document is read from `others` (useWitnessDocuments); its `start`
 * is then an offset in that document's projection.
 */
export function useCollationTable(
  collation: Readonly<Ref<CollationNow | null>>,
  projection: Readonly<Ref<string | null>>,
  decisions: Readonly<Ref<CollationDecision[]>>,
  others: Readonly<Ref<ReadonlyMap<string, WitnessDocument>>> = shallowRef(new Map()),
): CollationTableState {
  const witnesses = computed(() => {
    const c = collation.value
    if (!c || projection.value === null || c.witnesses.some((w) => !w.range)) return null
    const texts = c.witnesses.map((w) => (w.documentId === undefined ? projection.value : others.value.get(w.documentId)?.projection ?? null))
    if (texts.some((t) => t === null)) return null
    return c.witnesses.map((w, i) => ({ siglum: w.siglum, description: w.description, start: w.range!.start, text: texts[i]!.slice(w.range!.start, w.range!.end) }))
  })
  // A string key: computed values compare by identity, and equal texts must not collate again.
  const textsKey = computed(() => JSON.stringify(witnesses.value?.map((w) => w.text) ?? null))
  const collated = computed(() => {
    const texts = JSON.parse(textsKey.value) as string[] | null
    if (!texts) return null
    const started = performance.now()
    return { collation: collateWitnesses(texts), ms: Math.round(performance.now() - started) }
  })
  const table = computed(() => (collated.value && witnesses.value ? buildCollationTable(collated.value.collation, witnesses.value) : null))
  const byId = computed(() => new Map(decisions.value.map((d) => [d.id, d])))
  const decisionAt = (row: TableRow) => (table.value && collation.value ? byId.value.get(collationDecisionIdFor(collation.value.id, readingsAt(table.value, row))) : undefined)
  const decidedRows = computed(() => new Set(table.value?.differences.filter((r) => decisionAt(table.value!.rows[r])) ?? []))
  return {
    table,
    ms: computed(() => collated.value?.ms ?? null),
    decisionAt,
    decidedRows,
    undecided: computed(() => (table.value?.differences.length ?? 0) - decidedRows.value.size),
  }
}
