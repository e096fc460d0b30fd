import { checkRules, runChecks, type Finding, type RuleId } from '../../core/checks'
import { CliUsageError, ENCODING_OPTION, ENCODING_USAGE, parseFileCommand, readTextFile, type CliIo } from './io'

const USAGE = `usage: variorum check FILE [--json] [--rule NAME]...

Finds layout artefacts of scraped text, typos and script intrusions.
  --json         print {"findings":[{"rule","start","end","message","fix"?}]}; offsets are
                 UTF-16 code units into the file as decoded (BOM removed)
  --rule NAME    only this rule (repeatable): ${checkRules.map((rule) => rule.id).join(', ')}
${ENCODING_USAGE}
FILE may be .txt or .md in any encoding docs/IMPORT.md lists, or .html, .docx or TEI .xml
(their paragraphs, one a line, are what the offsets count).
`

/** 1-based line and column (in characters) of a UTF-16 offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1
  const line = (before.match(/\r\n|\n|\r/g)?.length ?? 0) + 1
  return { line, column: Array.from(before.slice(lineStart)).length + 1 }
}

function shorten(text: string): string {
  const flat = text.replace(/\r?\n+/g, '⏎')
  return flat.length > 30 ? `${flat.slice(0, 30)}…` : flat
}

function report(path: string, text: string, findings: Finding[]): string {
  if (findings.length === 0) return `${path}: no findings\n`
  const lines = findings.map((finding) => {
    const { line, column } = lineAndColumn(text, finding.start)
    const fix = finding.fix ? `\n    fix: replace "${shorten(text.slice(finding.fix.start, finding.fix.end))}" with "${shorten(finding.fix.text)}"` : ''
    return `${path}:${line}:${column}  ${finding.rule}  "${shorten(text.slice(finding.start, finding.end))}"\n    ${finding.message}${fix}`
  })
  const counts = new Map<string, number>()
  for (const finding of findings) counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1)
  const summary = [...counts].map(([rule, count]) => `${rule} ${count}`).join(', ')
  return `${lines.join('\n')}\n\n${findings.length} finding${findings.length === 1 ? '' : 's'} (${summary})\n`
}

/** `variorum check FILE [--json] [--rule NAME]`: exit 0 with the findings, 1 when the file cannot be read, 2 on bad usage. */
export async function check(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFileCommand(args, {
    json: { type: 'boolean' },
    rule: { type: 'string', multiple: true },
    ...ENCODING_OPTION,
  }, USAGE, io)
  if (!parsed) return 0
  const { values, positionals } = parsed
  const known = new Set<string>(checkRules.map((rule) => rule.id))
  const rules = values.rule as string[] | undefined
  for (const rule of rules ?? []) {
    if (!known.has(rule)) throw new CliUsageError(`unknown rule '${rule}'; known rules: ${[...known].join(', ')}`)
  }
  const path = positionals[0]
  const text = await readTextFile(path, { encoding: values.encoding })
  const findings = runChecks(text, rules ? { rules: rules as RuleId[] } : {})
  if (values.json) {
    const plain = findings.map(({ rule, start, end, message, fix }) => (fix ? { rule, start, end, message, fix } : { rule, start, end, message }))
    io.stdout(`${JSON.stringify({ findings: plain })}\n`)
  } else {
    io.stdout(report(path, text, findings))
  }
  return 0
}
