import type { TextOffset } from '../text'

/** A printed pointer to the rest of a story on another page. */
export interface ContinuationMarker {
  start: TextOffset
  end: TextOffset
  /** 'to': the story goes on elsewhere (下转第三版, continued on page 6); 'from': this piece continues one printed elsewhere (上接第一版). */
  direction: 'to' | 'from'
  /** The page as printed, normalised: Chinese and full-width numerals become digits ("三" → "3"), letters upper-cased ("a6" → "A6"); "next"/"previous" for relative pages (转下页, continued on next page). */
  page: string
  /** The jump word of an American-style jump line ("See BUDGET, Page A6" / "BUDGET, from Page A1"), upper-cased; absent otherwise. */
  jump?: string
}

const HAN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/**
 * Value of a page number written in Chinese numerals up to 999, or null.
 * Worked example: "十二" → 12, "二十" → 20, "一百零五" → 105, "三" → 3.
 */
function hanNumber(numeral: string): number | null {
  let total = 0
  let current = 0
  for (const char of numeral) {
    if (char in HAN_DIGITS) current = HAN_DIGITS[char]
    else if (char === '十') { total += (current || 1) * 10; current = 0 }
    else if (char === '百') { total += (current || 1) * 100; current = 0 }
    else return null
  }
  return total + current
}

function normalisePage(raw: string): string {
  const halfWidth = raw.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  if (/^[0-9A-Za-z]+$/.test(halfWidth)) return halfWidth.replace(/^0+(?=\d)/, '').toUpperCase()
  const value = hanNumber(halfWidth)
  return value === null ? halfWidth : String(value)
}

// (上接第一版) (下转第3版) 〔转第四版〕 (接第1版) (续第2版); brackets full- or half-width or none.
const CHINESE_MARKER =
  /[（(〔【[]?\s*(上接|下转|下接|接上|转下|接|转|续)\s*第?\s*([0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,4})\s*(?:版|页|面)\s*[）)〕】\]]?/gu
// (转下页) (接上页)
const CHINESE_RELATIVE_MARKER = /[（(〔【[]?\s*(转下页|下转下页|接上页|上接上页)\s*[）)〕】\]]?/gu
// "See BUDGET, Page A6" / "See BUDGET on A6" and, opening the continued piece, "BUDGET, from Page A1".
const JUMP_TO = /\bSee\s+([A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)?)\s*(?:,|\bon\b)\s*(?:Page|P\.|Pg\.)?\s*([A-Z]?\d{1,3}[A-Z]?)\b/gu
const JUMP_FROM = /^\s*([A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)?)\s*,?\s+(?:continued\s+)?from\s+(?:Page|P\.|Pg\.)?\s*([A-Z]?\d{1,3}[A-Z]?)\b/u
// "continued on page 6", "(Continued from Page A1)", "Continued on next page", "cont. on p. 4".
const ENGLISH_MARKER =
  /\(?\b(?:continued|cont(?:'d|inued|\.)?)\s+(on|from)\s+(?:(next|previous|following|preceding)\s+page|(?:page|p\.|pg\.)\s*([A-Za-z]?\d{1,3}[A-Za-z]?))\b\)?/giu

/**
 * Every continuation marker in `text`, in text order; offsets are UTF-16 code units.
 * A Chinese marker needs a direction word (上接, 下转, 下接, 接, 转, 续) and a page
 * number followed by 版/页/面, so that "第三版" alone or "转第三季度" is not one, or
 * reads 转下页 / 接上页. An English one reads "continued on/from page N" or is a jump
 * line ("See BUDGET, Page A6"; "BUDGET, from Page A1" opening a paragraph).
 * Worked example: "范例。(下转第三版)" gives one marker {start: 3, end: 10,
 * direction: 'to', page: '3'}.
 */
export function findContinuationMarkers(text: string): ContinuationMarker[] {
  const markers: ContinuationMarker[] = []
  for (const match of text.matchAll(CHINESE_MARKER)) {
    // A bare 接/转/续 must open the marker or follow its bracket: "直接第一版" is prose.
    const word = match[1]
    const bracketed = /^[（(〔【[]/.test(match[0])
    if (word.length === 1 && !bracketed && match.index > 0 && /\p{Script=Han}/u.test(text[match.index - 1])) continue
    const direction = word === '下转' || word === '下接' || word === '转下' || word === '转' ? 'to' : 'from'
    markers.push({ start: match.index, end: match.index + match[0].length, direction, page: normalisePage(match[2]) })
  }
  for (const match of text.matchAll(CHINESE_RELATIVE_MARKER)) {
    const to = match[1].startsWith('转') || match[1].startsWith('下')
    markers.push({ start: match.index, end: match.index + match[0].length, direction: to ? 'to' : 'from', page: to ? 'next' : 'previous' })
  }
  for (const match of text.matchAll(JUMP_TO)) {
    markers.push({ start: match.index, end: match.index + match[0].length, direction: 'to', page: normalisePage(match[2]), jump: match[1].toUpperCase() })
  }
  const from = JUMP_FROM.exec(text)
  if (from) {
    const start = from[0].length - from[0].trimStart().length
    markers.push({ start, end: from[0].length, direction: 'from', page: normalisePage(from[2]), jump: from[1].toUpperCase() })
  }
  for (const match of text.matchAll(ENGLISH_MARKER)) {
    const relative = match[2]?.toLowerCase()
    const page = relative ? (relative === 'next' || relative === 'following' ? 'next' : 'previous') : normalisePage(match[3])
    let end = match.index + match[0].length
    // Keep a closing bracket only when the marker opened one.
    if (match[0].endsWith(')') && !match[0].startsWith('(')) end -= 1
    const direction = match[1].toLowerCase() === 'on' ? 'to' : 'from'
    markers.push({ start: match.index, end, direction, page })
  }
  return markers.sort((a, b) => a.start - b.start)
}
