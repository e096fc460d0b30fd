import type { FindQuery, TextMatch } from './findInText'

/** A replacement of text offsets [start, end) by `text`. */
export interface TextReplacement {
  start: number
  end: number
  text: string
}

/**
 * The replacement for one regular expression match, with `template` expanded as
 * String.prototype.replace expands it: $1 … $99 the groups, $<name> a named
 * group, $& the match, $` and $' the text before and after it, $$ a "$". A
 * group that took no part in the match gives "". Anything else after "$" stays
 * as written ("$0", "$x", "$5" when there are fewer than 5 groups, "$<" without
 * named groups). Worked example: "(\d+)年" matched in "2025年" with template
 * "$1 CE" gives "2025 CE".
 *
 * Groups are read from `text` at the match's offsets, so with width folding a
 * group holds the characters as written in the text ("２０２５", not "2025").
 */
export function expandReplacement(template: string, match: TextMatch, text: string): string {
  const slice = (range: { start: number; end: number } | null | undefined): string => (range ? text.slice(range.start, range.end) : '')
  const groupCount = match.groups.length
  let result = ''
  let i = 0
  while (i < template.length) {
    const dollar = template.indexOf('$', i)
    if (dollar < 0 || dollar === template.length - 1) {
      result += template.slice(i)
      break
    }
    result += template.slice(i, dollar)
    const next = template[dollar + 1]
    i = dollar + 2
    if (next === '$') result += '$'
    else if (next === '&') result += text.slice(match.start, match.end)
    else if (next === '`') result += text.slice(0, match.start)
    else if (next === "'") result += text.slice(match.end)
    else if (next >= '0' && next <= '9') {
      const one = Number(next)
      const two = template[i] >= '0' && template[i] <= '9' ? one * 10 + Number(template[i]) : -1
      if (two >= 1 && two <= groupCount) {
        result += slice(match.groups[two - 1])
        i += 1
      } else if (one >= 1 && one <= groupCount) {
        result += slice(match.groups[one - 1])
      } else {
        result += `$${next}`
      }
    } else if (next === '<' && match.named) {
      const close = template.indexOf('>', i)
      if (close < 0) {
        result += '$<'
      } else {
        result += slice(match.named[template.slice(i, close)])
        i = close + 1
      }
    } else {
      result += `$${next}`
    }
  }
  return result
}

/**
 * The replacements of `matches` by `template`: expanded per match for a regular
 * expression query (expandReplacement), the template as written for a literal one.
 */
export function replacementsFor(text: string, matches: readonly TextMatch[], template: string, query: Pick<FindQuery, 'regex'>): TextReplacement[] {
  return matches.map((match) => ({
    start: match.start,
    end: match.end,
    text: query.regex ? expandReplacement(template, match, text) : template,
  }))
}
