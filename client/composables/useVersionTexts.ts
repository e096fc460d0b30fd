import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { listVersions, versionText } from '../api/versions'
import type { VersionPair } from './useHashRoute'

/** The two texts of a version comparison and how the table labels them. */
export interface VersionTexts {
  a: string
  b: string
  labels: { a: string; b: string }
}

/**
 * The texts of `versions.from` and `versions.to` fetched from the server, `now`
 * being the live projection (so the comparison follows the editors). Null until
 * both are there, or when `versions` is null; a failed fetch leaves it null and
 * sets `error`.
 */
export function useVersionTexts(
  documentId: Ref<string>,
  versions: Ref<VersionPair | null>,
  projection: Ref<string | null>,
): ComputedRef<VersionTexts | null> & { error: Ref<string | null> } {
  const fetched = ref<{ key: string; a: string; b: string | null; labels: { a: string; b: string } } | null>(null)
  const error = ref<string | null>(null)
  const keyOf = () => (versions.value ? `${documentId.value}/${versions.value.from}/${versions.value.to}` : '')
  watch(
    [documentId, versions],
    async () => {
      const pair = versions.value
      const key = keyOf()
      if (!pair) return
      try {
        const list = await listVersions(documentId.value)
        const label = (id: number) => {
          const version = list.find((v) => v.id === id)
          return version ? `Version ${id}${version.name ? ` “${version.name}”` : ''} (${new Date(version.createdAt).toLocaleString()})` : `Version ${id}`
        }
        const [a, b] = await Promise.all([versionText(documentId.value, pair.from), pair.to === 'now' ? null : versionText(documentId.value, pair.to)])
        if (key !== keyOf()) return
        fetched.value = { key, a, b, labels: { a: label(pair.from), b: pair.to === 'now' ? 'Now' : label(pair.to) } }
        error.value = null
      } catch (e) {
        error.value = e instanceof Error ? e.message : String(e)
      }
    },
    { immediate: true, deep: true },
  )
  const texts = computed<VersionTexts | null>(() => {
    const f = fetched.value
    if (!f || f.key !== keyOf()) return null
    const b = f.b ?? projection.value
    return b === null ? null : { a: f.a, b, labels: f.labels }
  })
  return Object.assign(texts, { error })
}
