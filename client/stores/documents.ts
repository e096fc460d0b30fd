import { defineStore } from 'pinia'
import { ref } from 'vue'
import { uploadDocument, type UploadProgress, type UploadResult } from '../api/uploadDocument'
import type { DocumentSummary } from '../../core/api'

export type { DocumentSummary }

/** The document list and uploads into it. */
export const useDocumentsStore = defineStore('documents', () => {
  const documents = ref<DocumentSummary[]>([])
  const loading = ref(false)
  const loadError = ref<string | null>(null)

  async function refresh(): Promise<void> {
    loading.value = true
    loadError.value = null
    try {
      const response = await fetch('/api/documents')
      if (!response.ok) throw new Error(`the server answered ${response.status}`)
      documents.value = (await response.json()) as DocumentSummary[]
    } catch (error) {
      loadError.value = `Could not load the documents: ${(error as Error).message}`
    } finally {
      loading.value = false
    }
  }

  function titleOf(id: string): string {
    return documents.value.find((d) => d.id === id)?.title ?? id
  }

  /** Uploads a file (in `encoding` when the user chose one); resolves to the new (or already existing) document. */
  async function upload(file: File, onProgress?: (progress: UploadProgress) => void, encoding?: string): Promise<UploadResult> {
    const created = await uploadDocument(file, onProgress, encoding)
    await refresh()
    return created
  }

  return { documents, loading, loadError, refresh, titleOf, upload }
})
