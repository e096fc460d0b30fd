import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { DocumentSession } from '../sync/documentSession'
import { collationsMap, listCollationDecisions, listCollations, noOtherDocuments, type CollationDecision, type CollationNow, type DocumentLookup } from '../../doc'

/**
 * The document's collations as they read now, live: another editor's new
 * collation shows at once, and witness ranges are resolved again whenever
 * `projection` (the text, re-read shortly after edits) changes, or `documents`
 * (the lookup of other documents' Y.Docs, for witnesses there: useWitnessDocuments).
 */
export function useCollations(
  session: Readonly<Ref<DocumentSession | null>>,
  projection: Readonly<Ref<string | null>>,
  documents: Readonly<Ref<DocumentLookup>> = shallowRef(noOtherDocuments),
): ShallowRef<CollationNow[]> {
  const collations = shallowRef<CollationNow[]>([])
  let detach: (() => void) | null = null
  const read = () => {
    const current = session.value
    collations.value = current && projection.value !== null ? listCollations(current.ydoc, undefined, documents.value) : []
  }
  watch(session, (current) => {
    detach?.()
    detach = null
    if (!current) return read()
    const map = collationsMap(current.ydoc)
    map.observeDeep(read)
    detach = () => map.unobserveDeep(read)
    read()
  }, { immediate: true })
  watch([projection, documents], read)
  onScopeDispose(() => detach?.())
  return collations
}

/** The decisions of one collation, live (every editor's writes show at once); empty for an unknown collation. */
export function useCollationDecisions(session: Readonly<Ref<DocumentSession | null>>, collationId: Readonly<Ref<string>>): ShallowRef<CollationDecision[]> {
  const decisions = shallowRef<CollationDecision[]>([])
  let detach: (() => void) | null = null
  watch([session, collationId], ([current, id]) => {
    detach?.()
    detach = null
    if (!current) {
      decisions.value = []
      return
    }
    const map = collationsMap(current.ydoc)
    const read = () => {
      decisions.value = map.has(id) ? listCollationDecisions(current.ydoc, id) : []
    }
    map.observeDeep(read)
    detach = () => map.unobserveDeep(read)
    read()
  }, { immediate: true })
  onScopeDispose(() => detach?.())
  return decisions
}
