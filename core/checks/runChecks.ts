import { nonBlankLines } from '../text'
import { checkRules } from './checkRules'
import type { Finding, RuleId } from './types'

/**
 * Runs the checks on `text` (a file's text or the workspace projection) and returns
 * their findings sorted by start, then rule id, then end. Offsets are UTF-16 code
 * units into `text`. `options.rules` limits the run to those rules (all when absent).
 * Throws RangeError naming an unknown rule id.
 */
export function runChecks(text: string, options: { rules?: RuleId[] } = {}): Finding[] {
  const wanted = options.rules
  if (wanted) {
    for (const id of wanted) {
      if (!checkRules.some((rule) => rule.id === id)) throw new RangeError(`unknown check rule '${String(id)}'`)
    }
  }
  const paragraphs = nonBlankLines(text)
  const findings: Finding[] = []
  for (const rule of checkRules) {
    if (!wanted || wanted.includes(rule.id)) findings.push(...rule.run(text, paragraphs))
  }
  return findings.sort((a, b) => a.start - b.start || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || a.end - b.end)
}
