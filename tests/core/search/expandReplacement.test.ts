import { describe, expect, it } from 'vitest'
import { expandReplacement, findInText, replacementsFor, type FindQuery, type TextMatch, type TextReplacement } from '../../../core/search'

const REGEX: FindQuery = { pattern: '', regex: true, caseSensitive: true, foldWidth: false, wholeWord: false }

function matchesOf(text: string, q: FindQuery): TextMatch[] {
  const result = findInText(text, q)
  if (result.status !== 'ok') throw new Error(result.message)
  return result.matches
}

/** `text` with every replacement made (they are disjoint), last first so offsets hold. */
function applied(text: string, replacements: readonly TextReplacement[]): string {
  let result = text
  for (const r of [...replacements].reverse()) result = result.slice(0, r.start) + r.text + result.slice(r.end)
  return result
}

/** Replace-all must give what String.prototype.replace gives for the same pattern and template. */
function checkAgainstReplace(text: string, pattern: string, template: string): string {
  const q = { ...REGEX, pattern }
  const ours = applied(text, replacementsFor(text, matchesOf(text, q), template, q))
  expect(ours).toBe(text.replace(new RegExp(pattern, 'gmu'), template))
  return ours
}

describe('expandReplacement', () => {
  it('puts numbered groups in place (the worked example)', () => {
    expect(checkAgainstReplace('2025年6月17日', '(\\d+)年', '$1 CE')).toBe('2025 CE6月17日')
    expect(checkAgainstReplace('中国－中亚 中国－东盟', '(中国)－(\\S+)', '$2与$1')).toBe('中亚与中国 东盟与中国')
  })

  it('expands $&, $`, $\' and $$ as String.prototype.replace does', () => {
    for (const template of ['[$&]', '<$`>', "<$'>", '$$1', '$$$&', '$', 'a$']) checkAgainstReplace('ab-cd', 'c', template)
  })

  it('reads two-digit groups only when there are that many, and leaves the rest as written', () => {
    const groups = '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)'
    for (const template of ['$11', '$10', '$01', '$1x', '$12', '$0', '$00', '$99', '$x', '$<n>']) checkAgainstReplace('abcdefghijk!', groups, template)
    expect(checkAgainstReplace('ab', '(a)', '$10')).toBe('a0b')
    expect(checkAgainstReplace('ab', '(a)', '$2')).toBe('$2b')
  })

  it('puts named groups in place, and "" for an unknown name or a group that took no part', () => {
    for (const template of ['$<y>/$<m>', '$<nope>', '$<y', '[$<opt>]']) checkAgainstReplace('2025-06', '(?<y>\\d{4})-(?<m>\\d\\d)(?<opt>x)?', template)
    expect(checkAgainstReplace('2025-06', '(?<y>\\d{4})-(?<m>\\d\\d)', '$<m>/$<y>')).toBe('06/2025')
  })

  it('takes groups from the text as written when folding matched them', () => {
    const text = '（２０２５）'
    const q = { ...REGEX, pattern: '\\((\\d+)\\)', foldWidth: true }
    const [match] = matchesOf(text, q)
    expect(expandReplacement('[$1]', match, text)).toBe('[２０２５]')
    expect(expandReplacement('$&', match, text)).toBe(text)
  })

  it('keeps surrogate pairs and CJK whole in groups', () => {
    checkAgainstReplace('\u{20000}中\u{1F600}', '(\\p{Script=Han})(.)', '$2$1')
    expect(checkAgainstReplace('𠀀中', '(.)(.)', '$2$1')).toBe('中𠀀')
  })
})

describe('replacementsFor', () => {
  it('uses the template as written for a literal query', () => {
    const text = 'a$1b a$1b'
    const q: FindQuery = { ...REGEX, regex: false, pattern: '$1' }
    expect(replacementsFor(text, matchesOf(text, q), '[$&]', q)).toEqual([
      { start: 1, end: 3, text: '[$&]' },
      { start: 6, end: 8, text: '[$&]' },
    ])
  })

  it('expands per match for a regular expression', () => {
    const text = '6棵 17个'
    const q: FindQuery = { ...REGEX, pattern: '(\\d+)(\\p{Script=Han})' }
    expect(replacementsFor(text, matchesOf(text, q), '$2$1', q)).toEqual([
      { start: 0, end: 2, text: '棵6' },
      { start: 3, end: 6, text: '个17' },
    ])
  })
})
