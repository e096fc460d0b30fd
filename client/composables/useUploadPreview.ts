import { computed, ref } from 'vue'
import { OFFERED_ENCODINGS } from '../../core/import/offeredEncodings'
import { previewUpload, type UploadPreview } from '../api/previewUpload'
import { refusedExtension, UploadError } from '../api/uploadDocument'

/**
 * The first step of an upload: the file chosen, how the server would read it
 * (format, encoding, confidence, the start of the text), and the user's choice
 * of encoding, which asks for a new preview. Nothing is stored until the caller
 * uploads `file` with `chosenEncoding`.
 */
export function useUploadPreview() {
  const file = ref<File | null>(null)
  const preview = ref<UploadPreview | null>(null)
  /** The encoding the user picked; null = the detected one. */
  const chosenEncoding = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let request = 0

  /** Encodings to offer: the detected one and its alternatives first, then the usual ones. */
  const encodingOptions = computed(() => {
    const p = preview.value
    const guessed = (p?.detected ? [p.detected, ...p.alternatives] : []).filter((g) => g.confidence > 0)
    const names = [...guessed.map((g) => g.encoding), ...OFFERED_ENCODINGS]
    const confidence = new Map(guessed.map((g) => [g.encoding, g.confidence]))
    return [...new Set(names)].map((name) => ({ name, confidence: confidence.get(name) ?? null }))
  })

  /** True when the file can be added as previewed. */
  const ready = computed(() => preview.value !== null && preview.value.problem === null && !loading.value)

  async function load(): Promise<void> {
    const current = file.value
    if (!current) return
    const mine = ++request
    loading.value = true
    error.value = null
    try {
      const answer = await previewUpload(current, chosenEncoding.value ?? undefined)
      if (mine === request) preview.value = answer
    } catch (caught) {
      if (mine === request) {
        preview.value = null
        error.value = caught instanceof UploadError ? caught.message : `The preview failed: ${(caught as Error).message}`
      }
    } finally {
      if (mine === request) loading.value = false
    }
  }

  /** Starts over with a new file; a wrong extension is refused without asking the server. */
  async function choose(next: File): Promise<void> {
    reset()
    const refused = refusedExtension(next)
    if (refused) {
      error.value = refused.message
      return
    }
    file.value = next
    await load()
  }

  /** Reads the file again in `encoding` (null: the detected one). */
  async function chooseEncoding(encoding: string | null): Promise<void> {
    chosenEncoding.value = encoding
    await load()
  }

  function reset(): void {
    request++
    file.value = null
    preview.value = null
    chosenEncoding.value = null
    loading.value = false
    error.value = null
  }

  return { file, preview, chosenEncoding, encodingOptions, ready, loading, error, choose, chooseEncoding, reset }
}
