import { defineStore } from 'pinia'
import { ref } from 'vue'
import { uploadDocument, type UploadProgress, type UploadResult } from '../api/uploadDocument'
import type { DocumentSummary } from '../../core/api'
import { listTrash, renameDocument, restoreDocument, trashDocument, type TrashedDocument } from '../api/manageDocuments'

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

  /** The documents in the trash this account may restore (loaded with `refreshTrash`). */
  const trash = ref<TrashedDocument[]>([])

  async function refreshTrash(): Promise<void> {
    try {
      trash.value = await listTrash()
    } catch {
      // An older server without a trash, or offline: nothing to show.
      trash.value = []
    }
  }

  /** Renames a document for everyone; rejects with ManageError (the server's reason) when refused. */
  async function rename(id: string, title: string): Promise<void> {
    const renamed = await renameDocument(id, title)
    documents.value = documents.value.map((d) => (d.id === id ? renamed : d))
  }

  /** Moves a document to the trash; rejects with ManageError when refused (only owners may). */
  async function trashOne(id: string): Promise<void> {
    await trashDocument(id)
    documents.value = documents.value.filter((d) => d.id !== id)
    await refreshTrash()
  }

  async function restore(id: string): Promise<void> {
    await restoreDocument(id)
    await Promise.all([refresh(), refreshTrash()])
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

  return { documents, loading, loadError, refresh, titleOf, upload, trash, refreshTrash, rename, trashOne, restore }
})
