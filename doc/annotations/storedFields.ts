import type * as Y from 'yjs'
import { storedJsonObject } from './storedJson'

/**
 * The key under which an annotation or a comment keeps the fields it was created
 * with, as one JSON object (docs/DATA-MODEL.md, "Annotations"). A key of the same
 * name set on the map later replaces that field's value: `fields` is written once,
 * with the map, and never rewritten, so edits of different fields by different
 * clients still merge, key by key, as they did when every field was a key.
 *
 * Why (issue #20): every key of a Y.Map is a Yjs struct of its own, which a client
 * decodes, integrates and later collects when it opens the document. An annotation
 * with one comment took 14 structs as keys (72,547 for 5,000 annotations, 4.5 MB);
 * with its creation fields in one value it takes 6. That value is written as the
 * JSON object's text (fieldsValue), which Yjs reads as one string instead of key by
 * key; readers take the object too, as entries written before hold it.
 */
export const FIELDS_KEY = 'fields'

/** `fields` as written into a new annotation's or comment's map: the JSON object's text. */
export function fieldsValue(fields: Record<string, unknown>): string {
  return JSON.stringify(fields)
}

const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({})

/**
 * The map's creation fields: its `fields` value when that is a JSON object or the
 * text of one (parsed once per map, storedJson.ts), else an empty one (an entry
 * written before `fields` existed keeps every field as a key; a foreign client may
 * have written anything).
 */
export function createdFields(entry: Y.Map<unknown>): Readonly<Record<string, unknown>> {
  return storedJsonObject(entry, FIELDS_KEY) ?? NO_FIELDS
}

/**
 * The current value of field `key` of an annotation or comment map: the key's own
 * value when the map has the key (a later edit, or an entry in the form written
 * before `fields`), else the value in its creation fields; undefined when neither
 * holds it. The one reader every other reads a field through, so both stored
 * forms read alike.
 */
export function storedField(entry: Y.Map<unknown>, key: string): unknown {
  return entry.has(key) ? entry.get(key) : createdFields(entry)[key]
}
