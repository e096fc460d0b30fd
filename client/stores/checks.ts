import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The Checks panel's state, per document: the selected finding (by key, see
 * findingKey, so it survives re-runs that shift offsets) and the rule groups
 * the user folded. The findings come from the analysis worker.
 */
export const useChecksStore = defineStore('checks', () => {
  const selected = ref<Record<string, string | null>>({})
  const folded = ref<Record<string, string[]>>({})

  function selectedIn(documentId: string): string | null {
    return selected.value[documentId] ?? null
  }
  function select(documentId: string, key: string | null): void {
    selected.value = { ...selected.value, [documentId]: key }
  }
  function isFolded(documentId: string, rule: string): boolean {
    return folded.value[documentId]?.includes(rule) ?? false
  }
  function toggleFolded(documentId: string, rule: string): void {
    const current = folded.value[documentId] ?? []
    folded.value = { ...folded.value, [documentId]: current.includes(rule) ? current.filter((r) => r !== rule) : [...current, rule] }
  }

  return { selected, folded, selectedIn, select, isFolded, toggleFolded }
})
