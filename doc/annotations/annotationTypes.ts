import type * as Y from 'yjs'
import { BUILT_IN_TYPE_DEFS, isBuiltInType, type AnnotationType } from '../../core/annotations/annotation'
import { annotationTypesMap } from '../model'

/** A colour as stored: "#rrggbb". */
export const HEX_COLOR = /^#[0-9a-f]{6}$/i

/** Colour given to a type an import names but the document does not define (a neutral grey, 7:1 on white). */
export const UNDEFINED_TYPE_COLOR = '#555555'

/**
 * Adds or changes one of the document's own annotation types.
 * Throws RangeError for a built-in name, an empty name or a colour other than #rrggbb.
 */
export function defineAnnotationType(ydoc: Y.Doc, type: { name: string; color: string; label?: string }): void {
  const name = type.name.trim()
  if (!name) throw new RangeError('a type name must not be empty')
  if (isBuiltInType(name)) throw new RangeError(`"${name}" is a built-in type`)
  if (!HEX_COLOR.test(type.color)) throw new RangeError(`colour "${type.color}" is not #rrggbb`)
  annotationTypesMap(ydoc).set(name, { name, color: type.color, label: type.label?.trim() || name })
}

/** Removes one of the document's own types (annotations of that type keep their type name). */
export function removeAnnotationType(ydoc: Y.Doc, name: string): void {
  annotationTypesMap(ydoc).delete(name)
}

/** The built-in types followed by the document's own, sorted by name. */
export function listAnnotationTypes(ydoc: Y.Doc): AnnotationType[] {
  const own: AnnotationType[] = []
  annotationTypesMap(ydoc).forEach((value, name) => {
    if (isBuiltInType(name) || !value || typeof value !== 'object') return
    own.push({
      name,
      color: HEX_COLOR.test(value.color) ? value.color : UNDEFINED_TYPE_COLOR,
      label: typeof value.label === 'string' && value.label ? value.label : name,
      builtIn: false,
    })
  })
  own.sort((a, b) => a.name.localeCompare(b.name))
  return [...BUILT_IN_TYPE_DEFS, ...own]
}
