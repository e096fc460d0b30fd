import { splitParagraphs, type CheckRule, type Finding } from '../../../core/checks'

/** Runs one rule on `text` and returns its findings with the passage each covers. */
export function runRule(rule: CheckRule, text: string): Array<Finding & { quote: string }> {
  return rule.run(text, splitParagraphs(text)).map((finding) => ({ ...finding, quote: text.slice(finding.start, finding.end) }))
}

/** Applies the fixes of `findings` from last to first. */
export function applyFixes(text: string, findings: readonly Finding[]): string {
  const fixes = findings.flatMap((finding) => (finding.fix ? [finding.fix] : [])).sort((a, b) => b.start - a.start)
  let result = text
  for (const fix of fixes) result = result.slice(0, fix.start) + fix.text + result.slice(fix.end)
  return result
}

/** Paragraphs joined as the workspace projection joins them. */
export function doc(...paragraphs: string[]): string {
  return paragraphs.join('\n\n')
}
