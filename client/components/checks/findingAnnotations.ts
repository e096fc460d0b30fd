import type { Finding, RuleId } from '../../../core/checks'
import { RULE_TYPES } from '../../../core/export/findingsToAnnotations'
import type { NewAnnotation } from '../../annotations/annotationDoc'

/**
 * The annotation type a finding of each rule becomes: the same mapping the
 * exporter uses for engine findings, so the workspace and `variorum export` agree.
 */
export const RULE_ANNOTATION_TYPE: Record<RuleId, string> = RULE_TYPES

/** A finding as an annotation of its rule's type, on the finding's passage, with the message as first comment. */
export function findingAnnotationInput(finding: Finding, author: string): NewAnnotation {
  return { type: RULE_ANNOTATION_TYPE[finding.rule] ?? 'note', author, start: finding.start, end: finding.end, comment: finding.message }
}

/**
 * A finding and the passages it relates to (the other piece of a continued
 * story) as annotations linked to each other: rel 'continuation' for markers,
 * 'related' otherwise. Without related passages, just findingAnnotationInput.
 */
export function findingAnnotationInputs(finding: Finding, author: string, newId: () => string): Array<NewAnnotation & { id: string }> {
  const type = RULE_ANNOTATION_TYPE[finding.rule] ?? 'note'
  const rel = finding.rule === 'continuation-marker' ? 'continuation' : 'related'
  const ranges = [{ start: finding.start, end: finding.end }, ...(finding.related ?? [])]
  const ids = ranges.map(() => newId())
  return ranges.map((range, index) => ({
    id: ids[index],
    type,
    author,
    start: range.start,
    end: range.end,
    comment: index === 0 ? finding.message : `Related to: ${finding.message}`,
    ...(ranges.length > 1 ? { links: ids.filter((_, other) => other !== index).map((target) => ({ rel, target })) } : {}),
  }))
}

/**
 * A finding's fix as a `suggestion` annotation. The anchor covers the finding and
 * the fix together, and the suggested text is that passage with the fix applied,
 * so accepting it yields exactly the fix. A range that covers no character (a fix
 * on the "\n\n" between two paragraphs only) is widened to the character before
 * and after it, because an anchor must hold on to characters. Worked example:
 * "ab\n\ncd", fix [2,4)→"" with a finding on the separator only: anchor [1,5)
 * "b\n\nc", suggestion "bc". Null when the finding has no fix.
 */
export function suggestionInput(text: string, finding: Finding, author: string): NewAnnotation | null {
  const fix = finding.fix
  if (!fix) return null
  let start = Math.min(finding.start, fix.start)
  let end = Math.max(finding.end, fix.end)
  if (!/[^\n]/.test(text.slice(start, end))) {
    let before = start - 1
    while (before >= 0 && text[before] === '\n') before--
    if (before >= 0) start = before
    let after = end
    while (after < text.length && text[after] === '\n') after++
    if (after < text.length) end = after + 1
  }
  const suggestion = text.slice(start, fix.start) + fix.text + text.slice(fix.end, end)
  return { type: 'suggestion', author, start, end, suggestion, comment: finding.message }
}
