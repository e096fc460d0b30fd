import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Which annotations the sidebar shows. '' = any. */
export interface AnnotationFilters {
  type: string
  author: string
  status: 'open' | 'resolved' | 'all'
  search: string
}

/**
 * The annotation UI's state, per document: the selected annotation and the
 * sidebar's filters. The annotations themselves live in the Y.Doc
 * (client/annotations/annotationStore.ts); this store only says what the user
 * is looking at.
 */
export const useAnnotationsStore = defineStore('annotations', () => {
  const selected = ref<Record<string, string | null>>({})
  /** The annotation whose comment box should take the focus (one just created by a shortcut); null: none. */
  const focusCommentOf = ref<string | null>(null)
  const filters = ref<Record<string, AnnotationFilters>>({})

  function select(documentId: string, id: string | null, focusComment = false): void {
    selected.value = { ...selected.value, [documentId]: id }
    focusCommentOf.value = focusComment ? id : null
  }

  function selectedIn(documentId: string): string | null {
    return selected.value[documentId] ?? null
  }

  function filtersOf(documentId: string): AnnotationFilters {
    if (!filters.value[documentId]) filters.value[documentId] = { type: '', author: '', status: 'all', search: '' }
    return filters.value[documentId]
  }

  return { selected, focusCommentOf, filters, select, selectedIn, filtersOf }
})
