import * as Y from 'yjs'
import { DOC_MODEL } from '../model'

/**
 * The structure of a workspace Y.Doc (docs/DATA-MODEL.md) as data, for checking
 * that an incoming update fits it before it is applied (`checkUpdate`): what each
 * top-level type holds, what each key of a map may hold, what each array or XML
 * node may contain. Content that does not fit would be read differently by the
 * editor (y-prosemirror drops nodes outside its schema), the server's text
 * projection and the exporters: the divergence issue 14 found by fuzzing.
 */
export type Shape =
  /** A Y.Map: `keys` gives the slot of a named key, `values` the slot of any other; without one, the key is refused. */
  | { kind: 'map'; keys?: Readonly<Record<string, Slot>>; values?: Slot }
  | { kind: 'array'; items: Slot }
  | { kind: 'xmlFragment'; children: Slot }
  /** A Y.XmlElement with this node name and no attributes. */
  | { kind: 'xmlElement'; nodeName: string; children: Slot }
  /** A Y.XmlText holding plain strings only (the schema has no marks). */
  | { kind: 'xmlText' }

/** Where a value goes: a nested shared type of this shape, or `'plain'`: a JSON value (Yjs ContentAny). */
export type Slot = Shape | 'plain'

const comment: Shape = { kind: 'map', values: 'plain' }
const annotation: Shape = {
  kind: 'map',
  keys: { comments: { kind: 'array', items: comment }, links: { kind: 'array', items: 'plain' } },
  values: 'plain',
}
const paragraph: Shape = { kind: 'xmlElement', nodeName: DOC_MODEL.paragraph, children: { kind: 'xmlText' } }

/** Each top-level type of the workspace doc and its shape; a name not listed here is refused. */
export const DOC_SHAPE: Readonly<Record<string, Shape>> = {
  [DOC_MODEL.fragment]: { kind: 'xmlFragment', children: paragraph },
  [DOC_MODEL.meta]: { kind: 'map', values: 'plain' },
  [DOC_MODEL.annotations]: { kind: 'map', values: annotation },
  [DOC_MODEL.annotationTypes]: { kind: 'map', values: 'plain' },
  [DOC_MODEL.decisions]: { kind: 'map', values: { kind: 'map', values: 'plain' } },
  [DOC_MODEL.collations]: { kind: 'map', values: { kind: 'map', keys: { decisions: { kind: 'map', values: 'plain' } }, values: 'plain' } },
}

/**
 * The slot for an entry of a value of `shape` under `key` (a map key; null for a
 * position in an array, fragment, element or text), or null when the shape has none:
 * maps need a key and refuse unknown keys without `values`; sequences refuse keys
 * (attributes), XML elements and texts included.
 */
export function slotOf(shape: Shape, key: string | null): Slot | 'string' | null {
  switch (shape.kind) {
    case 'map':
      return key === null ? null : (shape.keys?.[key] ?? shape.values ?? null)
    case 'array':
      return key === null ? shape.items : null
    case 'xmlFragment':
    case 'xmlElement':
      return key === null ? shape.children : null
    case 'xmlText':
      return key === null ? 'string' : null
  }
}

/** Whether a Yjs shared type is a value of `shape` (its class, and an element's node name). */
export function typeFits(type: Y.AbstractType<unknown>, shape: Shape): boolean {
  switch (shape.kind) {
    case 'map':
      return type.constructor === Y.Map
    case 'array':
      return type.constructor === Y.Array
    case 'xmlFragment':
      return type.constructor === Y.XmlFragment
    case 'xmlElement':
      return type.constructor === Y.XmlElement && (type as Y.XmlElement).nodeName === shape.nodeName
    case 'xmlText':
      return type.constructor === Y.XmlText
  }
}

/** A lone UTF-16 surrogate: never in text a Yjs client typed. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Whether a value is JSON, as every reader of a plain slot takes it (exports,
 * `toJSON`, the HTTP API). Yjs' own encoding also carries BigInt, Uint8Array and
 * undefined, which JSON.stringify throws on or writes differently (issue 14, fuzzing).
 */
function isJsonValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object':
      if (value === null) return true
      if (Array.isArray(value)) return value.every(isJsonValue)
      return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(isJsonValue)
    default:
      return false
  }
}

/**
 * Whether an item's content fits `slot`: deleted content (what a client sends for
 * text it removed) fits anywhere; a JSON value fits `'plain'`; a well-formed,
 * non-empty string fits an XmlText; a new shared type fits a shape it matches.
 */
export function contentFits(content: unknown, slot: Slot | 'string'): boolean {
  if (content instanceof Y.ContentDeleted) return true
  if (slot === 'plain') return content instanceof Y.ContentAny && content.arr.every(isJsonValue)
  if (slot === 'string') return content instanceof Y.ContentString && content.str.length > 0 && !LONE_SURROGATE.test(content.str)
  return content instanceof Y.ContentType && typeFits(content.type, slot)
}
