import { inject, provide, shallowRef, type InjectionKey, type ShallowRef } from 'vue'
import type { AnnotationView } from '../annotations/annotationStore'
import type { ChangeSpan } from '../versions/versionChanges'

/**
 * A version opened from the Versions tab, shown read-only in place of the live
 * editor of its pane (VersionView): its text, its changes since the previous
 * version, its annotations as they were, and the banner's actions.
 */
export interface OpenVersion {
  id: number
  /** The version's plain-text projection. */
  text: string
  /** Changes against the previous version (offsets in `text`). */
  spans: ChangeSpan[]
  /** The version's annotations, resolved against `text`. */
  annotations: AnnotationView[]
  colorOf: (author: string | null) => string
  restore: () => void
  compare: () => void
}

const KEY: InjectionKey<ShallowRef<OpenVersion | null>> = Symbol('open-version')

/** Called by an editor pane: the version open in it (null: the live editor shows), shared with its side panel. */
export function provideOpenVersion(): ShallowRef<OpenVersion | null> {
  const open = shallowRef<OpenVersion | null>(null)
  provide(KEY, open)
  return open
}

/** The pane's open version; a ref of its own outside a pane (a panel shown alone), so callers need not check. */
export function useOpenVersion(): ShallowRef<OpenVersion | null> {
  return inject(KEY, () => shallowRef<OpenVersion | null>(null), true)
}
