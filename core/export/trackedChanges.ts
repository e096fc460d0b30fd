import type { Annotation } from '../annotations'

/**
 * The kind of an open tracked change of suggesting mode (#18, docs/DATA-MODEL.md
 * "Tracked changes"), or null for any other annotation, including a change already
 * accepted or rejected (which is then plain text, or no text at all).
 */
export function openChangeKind(a: Annotation): 'insert' | 'delete' | null {
  if (!a.change || !a.suggestion) return null
  return (a.suggestion.state ?? 'open') === 'open' ? a.change : null
}
