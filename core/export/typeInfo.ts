import { BUILT_IN_TYPE_DEFS, type Annotation, type AnnotationType } from '../annotations'
import type { EditionInput } from './editionInput'

const COLOR = /^#[0-9a-fA-F]{6}$/
const FALLBACK_COLOR = '#555555'

/**
 * Label and colour of a type name: the document's own types first, then the
 * built-ins; an unknown name is its own label, drawn grey. Colours that are not
 * "#rrggbb" are replaced by grey so they can go into CSS unescaped.
 */
export function typeInfo(input: Pick<EditionInput, 'types'>, name: string): AnnotationType {
  const found = input.types?.find((t) => t.name === name) ?? BUILT_IN_TYPE_DEFS.find((t) => t.name === name)
  const t = found ?? { name, label: name, color: FALLBACK_COLOR, builtIn: false }
  return { ...t, color: COLOR.test(t.color) ? t.color : FALLBACK_COLOR }
}

/** A safe "#rrggbb" for an annotation: its own colour when valid, else its type's. */
export function annotationColor(input: Pick<EditionInput, 'types'>, type: string, own?: string): string {
  return own !== undefined && COLOR.test(own) ? own : typeInfo(input, type).color
}

/** What a kept duplicate occurrence is called in the exports. */
export const KEPT_COPY_LABEL = 'Kept copy'

/**
 * The label an export shows for an annotation: its type's label, except for the
 * occurrence a flagged duplicate cluster keeps, which is the copy the edition keeps,
 * not a duplicate (#18): "Kept copy".
 */
export function annotationLabel(input: Pick<EditionInput, 'types'>, annotation: Pick<Annotation, 'type' | 'keep'>): string {
  return annotation.type === 'duplicate' && annotation.keep === true ? KEPT_COPY_LABEL : typeInfo(input, annotation.type).label
}
