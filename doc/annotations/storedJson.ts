import type * as Y from 'yjs'

/**
 * Longest JSON text (in UTF-16 units) read as a stored value of an annotation or a
 * comment: far above any real one (a comment's text, a quote with its context: a few
 * kB), so that a foreign client cannot make every reader parse megabytes per entry.
 * checkUpdate refuses a longer one, and readers take it as malformed.
 */
export const MAX_STORED_JSON_LENGTH = 1 << 20

/**
 * The JSON object a stored value holds as text (docs/DATA-MODEL.md, "Annotations":
 * `fields` and `anchor` written as one JSON string each), or null when it is not
 * a JSON object's text, or longer than MAX_STORED_JSON_LENGTH.
 */
export function parseStoredJsonObject(source: string): Record<string, unknown> | null {
  if (source.length > MAX_STORED_JSON_LENGTH) return null
  let value: unknown
  try {
    value = JSON.parse(source)
  } catch {
    return null
  }
  return asJsonObject(value)
}

/** `value` when it is a JSON object (not null, not an array), else null. */
function asJsonObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/**
 * A stored value as readers take it, without the per-map cache (checkUpdate reads
 * values of an update not yet in any map): a JSON object as it is, a string as the
 * JSON object it is the text of; null for anything else.
 */
export function storedValueObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'string' ? parseStoredJsonObject(value) : asJsonObject(value)
}

/** Per map and key, the last text parsed and what it gave: a value is parsed once, until it is rewritten. */
const parsed = new WeakMap<Y.Map<unknown>, Map<string, { source: string; value: Record<string, unknown> | null }>>()

/**
 * The JSON object under `key` of an annotation's or comment's map, in either stored
 * form: a JSON object as it is, a JSON string parsed (once, kept with the map
 * while the string is the same); null for anything else (missing, malformed, a
 * foreign client's other value).
 *
 * Why the string form (issue #20): Yjs reads a JSON object key by key and value by
 * value, one string read each, and allocates it all when the document arrives;
 * a string is one read, and parsed only when something reads it.
 */
export function storedJsonObject(entry: Y.Map<unknown>, key: string): Record<string, unknown> | null {
  const value = entry.get(key)
  if (typeof value === 'string') {
    let byKey = parsed.get(entry)
    const hit = byKey?.get(key)
    if (hit && hit.source === value) return hit.value
    const object = parseStoredJsonObject(value)
    if (!byKey) parsed.set(entry, (byKey = new Map()))
    byKey.set(key, { source: value, value: object })
    return object
  }
  return asJsonObject(value)
}
