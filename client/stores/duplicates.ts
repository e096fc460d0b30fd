import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The Duplicates panel's state, per document: the selected cluster (by key, see
 * clusterKey, so it survives re-runs that shift offsets), which occurrence of
 * each cluster the user chose to keep, and whether boilerplate is shown. The
 * clusters themselves come from the analysis worker, the flags from the Y.Doc.
 */
export const useDuplicatesStore = defineStore('duplicates', () => {
  const selected = ref<Record<string, string | null>>({})
  const keep = ref<Record<string, number>>({})
  const boilerplateOpen = ref<Record<string, boolean>>({})

  function selectedIn(documentId: string): string | null {
    return selected.value[documentId] ?? null
  }
  function select(documentId: string, key: string | null): void {
    selected.value = { ...selected.value, [documentId]: key }
  }
  /** The occurrence kept when the cluster is flagged; default the first. */
  function keepOf(documentId: string, key: string): number {
    return keep.value[`${documentId}\u0000${key}`] ?? 0
  }
  function setKeep(documentId: string, key: string, index: number): void {
    keep.value = { ...keep.value, [`${documentId}\u0000${key}`]: index }
  }
  function isBoilerplateOpen(documentId: string): boolean {
    return boilerplateOpen.value[documentId] ?? false
  }
  function setBoilerplateOpen(documentId: string, open: boolean): void {
    boilerplateOpen.value = { ...boilerplateOpen.value, [documentId]: open }
  }

  return { selected, keep, boilerplateOpen, selectedIn, select, keepOf, setKeep, isBoilerplateOpen, setBoilerplateOpen }
})
