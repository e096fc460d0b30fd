import { checkRules, type Finding, type RuleId } from '../../../core/checks'

/** Plural headings of the rule groups. */
export const RULE_LABELS: Record<RuleId, string> = {
  'layout-break': 'Layout breaks',
  'continuation-marker': 'Continuation markers',
  fragment: 'Fragments',
  'script-intrusion': 'Script intrusions',
  typo: 'Typos',
  'displaced-heading': 'Displaced headings',
}

export interface FindingGroup {
  rule: RuleId
  label: string
  description: string
  findings: Array<{ key: string; finding: Finding }>
}

/**
 * Findings grouped by rule, in checkRules' order, groups without findings left
 * out; within a group in text order. Each finding gets a key that survives
 * re-runs: rule, its text and how many identical findings come before it.
 */
export function groupFindings(text: string, findings: readonly Finding[]): FindingGroup[] {
  const seen = new Map<string, number>()
  const keyed = [...findings].sort((a, b) => a.start - b.start || a.end - b.end).map((finding) => {
    const base = `${finding.rule}:${text.slice(finding.start, Math.min(finding.end, finding.start + 64))}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return { key: n === 1 ? base : `${base}#${n}`, finding }
  })
  return checkRules.flatMap((rule) => {
    const mine = keyed.filter((k) => k.finding.rule === rule.id)
    return mine.length ? [{ rule: rule.id, label: RULE_LABELS[rule.id], description: rule.description, findings: mine }] : []
  })
}
