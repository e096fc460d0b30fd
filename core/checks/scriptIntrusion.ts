import { isCjkChar, isCjkText } from './paragraphShape'
import type { CheckRule, Finding, ParagraphSpan } from './types'

/**
 * English function words that never serve as a name, unit or abbreviation in
 * Chinese text; with the Chinese word a fix may put in their place (null: no
 * single safe replacement). Capitalised or upper-case words (WTO, Apple, GDP) and
 * lower-case units (km, kg) are never flagged, since only these words are looked at.
 */
export const INTRUDING_WORDS: Readonly<Record<string, string | null>> = {
  and: '和',
  or: '或',
  the: null,
  of: null,
  to: null,
  in: null,
  on: null,
  with: null,
  for: null,
  is: null,
  are: null,
  but: null,
  from: null,
  by: null,
  at: null,
  that: null,
}

const FULL_WIDTH: Readonly<Record<string, string>> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！' }

/** CJK characters and the CJK marks that sit inside a Chinese sentence. */
function isCjkContext(char: string | undefined): boolean {
  return char !== undefined && (isCjkChar(char) || /[”’」』》）]/.test(char))
}

/** Offsets (relative to the paragraph) inside a half-width (…) pair. */
function insideHalfWidthBrackets(text: string): boolean[] {
  const inside = new Array<boolean>(text.length).fill(false)
  let open = -1
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') open = i
    else if (text[i] === ')' && open >= 0) {
      inside.fill(true, open, i + 1)
      open = -1
    }
  }
  return inside
}

function checkParagraph(paragraph: ParagraphSpan, findings: Finding[]): void {
  const text = paragraph.text
  for (const match of text.matchAll(/(?<![A-Za-z0-9])([a-z]+)(?![A-Za-z0-9])/g)) {
    const word = match[1]
    if (!(word in INTRUDING_WORDS)) continue
    let left = match.index
    while (left > 0 && text[left - 1] === ' ') left--
    let right = match.index + word.length
    while (right < text.length && text[right] === ' ') right++
    if (!isCjkContext(text[left - 1]) || !isCjkChar(text[right])) continue
    const replacement = INTRUDING_WORDS[word]
    const finding: Finding = {
      rule: 'script-intrusion',
      start: paragraph.start + match.index,
      end: paragraph.start + match.index + word.length,
      message: replacement
        ? `English "${word}" inside a Chinese sentence; "${replacement}" was meant.`
        : `English "${word}" inside a Chinese sentence.`,
    }
    if (replacement) finding.fix = { start: paragraph.start + left, end: paragraph.start + right, text: replacement }
    findings.push(finding)
  }
  const bracketed = insideHalfWidthBrackets(text)
  for (const match of text.matchAll(/[,;:?!]/g)) {
    const at = match.index
    const before = text[at - 1]
    let after = at + 1
    if (text[after] === ' ') after++
    // Scraped datelines keep a consistent half-width style: "(2025年6月17日,阿斯塔纳)" is left alone.
    if (bracketed[at]) continue
    // A half-width ? or ! may also end the Chinese sentence: before the paragraph's end or a closing quote.
    const endsSentence = (match[0] === '?' || match[0] === '!') && /^\s*(?:$|[”’」』])/.test(text.slice(at + 1))
    if (!isCjkChar(text[after]) && !endsSentence) continue
    if (!isCjkContext(before) && !/[0-9%]/.test(before ?? '')) continue
    findings.push({
      rule: 'script-intrusion',
      start: paragraph.start + at,
      end: paragraph.start + at + 1,
      message: `Half-width "${match[0]}" inside a Chinese sentence; full-width "${FULL_WIDTH[match[0]]}" was meant.`,
      fix: { start: paragraph.start + at, end: paragraph.start + (endsSentence ? at + 1 : after), text: FULL_WIDTH[match[0]] },
    })
  }
}

const HALF_WIDTH: Readonly<Record<string, string>> = { '，': ',', '；': ';', '：': ':', '？': '?', '！': '!', '。': '.' }

/**
 * The mirror case in Latin text: a full-width ，。；：？！ after a Latin letter or digit
 * and before Latin text or the paragraph's end ("Hello，world" → "Hello, world").
 */
function checkLatinParagraph(paragraph: ParagraphSpan, findings: Finding[]): void {
  const text = paragraph.text
  for (const match of text.matchAll(/(?<=[A-Za-z0-9])[，；：？！。](\s*)(?=[A-Za-z0-9"'(]|$)/g)) {
    const mark = match[0][0]
    const atEnd = match.index + match[0].length === text.length
    const start = paragraph.start + match.index
    findings.push({
      rule: 'script-intrusion',
      start,
      end: start + 1,
      message: `Full-width "${mark}" inside Latin text; half-width "${HALF_WIDTH[mark]}" was meant.`,
      fix: { start, end: start + match[0].length, text: HALF_WIDTH[mark] + (atEnd ? '' : ' ') },
    })
  }
}

export const scriptIntrusion: CheckRule = {
  id: 'script-intrusion',
  description:
    'A Latin word or half-width punctuation inside a Chinese sentence where it does not belong (names, numbers, units and abbreviations are fine); full-width punctuation inside Latin text.',
  run(_text, paragraphs) {
    const findings: Finding[] = []
    for (const paragraph of paragraphs) {
      if (isCjkText(paragraph.text)) checkParagraph(paragraph, findings)
      else checkLatinParagraph(paragraph, findings)
    }
    return findings
  },
}
