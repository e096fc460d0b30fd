/**
 * Presence colours (the awareness `user.color` field, docs/DATA-MODEL.md): only
 * `#rrggbb` ever reaches a style attribute. Issue 14 found a colour such as
 * `red; background: url(…)` injected CSS into every viewer's page.
 */

/** Shown for a presence whose colour is missing or not `#rrggbb`. */
export const FALLBACK_PRESENCE_COLOR = '#888888'

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/

/** Whether `value` is a `#rrggbb` colour. */
export function isPresenceColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value)
}

/** `value` when it is `#rrggbb`, else the fallback grey: what callers put into a style. */
export function presenceColor(value: unknown): string {
  return isPresenceColor(value) ? value : FALLBACK_PRESENCE_COLOR
}

/** Colours assigned to accounts, dark enough for white labels and distinct side by side. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'] as const

/** The colour of a principal: one of the palette, the same for the same id everywhere (FNV-1a of the id). */
export function colorForId(id: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return PALETTE[hash % PALETTE.length]
}
