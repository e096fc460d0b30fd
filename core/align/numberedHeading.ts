/*
 * Numbered headings at the start of a paragraph: "一要", "三、", "第二，", "（四）", "2.",
 * "Secondly,". Used to find runs of numbered points (proposeComparisons) and the
 * sections a displaced passage left or entered (findDisplaced).
 */

const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 }
const EN_ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth']

/** "三" → 3, "十二" → 12, "二十" → 20; null for anything else. */
function chineseNumber(text: string): number | null {
  if (/^[一二三四五六七八九十]$/.test(text)) return ZH_DIGITS[text]
  const m = /^([二三四五六七八九])?十([一二三四五六七八九])?$/.exec(text)
  if (!m) return null
  return (m[1] ? ZH_DIGITS[m[1]] : 1) * 10 + (m[2] ? ZH_DIGITS[m[2]] : 0)
}

/**
 * Heading patterns, tried at the start of a paragraph (after a continuation marker).
 * Each yields the numbering style, the number and the marker ("三要", "2.", "Second"); null
 * when the text does not open with a numbering. The separator is part of the
 * style: "一要", "一是" and "一、" are three different lists.
 */
export function headingAt(text: string): { family: string; number: number; marker: string } | null {
  let m = /^([一二三四五六七八九十]{1,3})(要|是|则|方面|、|，|．|\.)/.exec(text)
  if (m) {
    const n = chineseNumber(m[1])
    if (n !== null) return { family: `zh${m[2] === '．' ? '.' : m[2]}`, number: n, marker: m[0] }
  }
  m = /^第([一二三四五六七八九十]{1,3}|\d{1,2})(是|，|、|,|：|:)/.exec(text)
  if (m) {
    const n = /\d/.test(m[1]) ? Number(m[1]) : chineseNumber(m[1])
    if (n !== null) return { family: `zh-di${m[2] === '是' ? '是' : ','}`, number: n, marker: m[0] }
  }
  m = /^[(（]([一二三四五六七八九十]{1,3}|\d{1,2})[)）]/.exec(text)
  if (m) {
    const n = /\d/.test(m[1]) ? Number(m[1]) : chineseNumber(m[1])
    if (n !== null) return { family: /\d/.test(m[1]) ? '(1)' : '(一)', number: n, marker: m[0] }
  }
  m = /^(\d{1,2})([.．、)）])(?!\d)/.exec(text)
  if (m) return { family: `1${m[2] === '．' ? '.' : m[2] === '）' ? ')' : m[2]}`, number: Number(m[1]), marker: m[0] }
  m = /^(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(ly)?\s*[,:;]/i.exec(text)
  if (m) return { family: 'en-ordinal', number: EN_ORDINALS.indexOf(m[1].toLowerCase()) + 1, marker: m[0].replace(/[,:;]$/, '') }
  return null
}


/**
 * Section headings that are not numbered points of a list: "Chapter 3", "Section IV",
 * "Article 12", "Part II", "§ 4", "第三条" / "第二章" / "第一节", "IV. ", "(b) ",
 * Markdown "## ". Case-insensitive, tried at a line start.
 */
const SECTION_MARKER = /^(?:(?:chapter|section|article|part|book|canto|act|scene|clause|rule|item)\s+(?:\d+|[ivxlcdm]+|[a-z])\b|§+\s*\d+|第[一二三四五六七八九十百\d]+[条章节款部篇回]|[ivxlcdm]+[.)]\s|\(?[a-z]\)\s|#{1,6}\s)/i

/**
 * A title line: at most TITLE_MAX code units, no sentence or clause mark inside or
 * at its end ("Harbour works", "港口建设", "Terms of payment"), followed by a longer
 * line of prose (itself no title: punctuated or longer than TITLE_MAX). Worked
 * example: "The river rose in spring, and the mill stopped." is a sentence (comma,
 * full stop); "The mill" above a paragraph is a title; a poem's short unpunctuated
 * line above another is not.
 */
const TITLE_MAX = 60
const NOT_TITLE = /[。！？；，、：.!?;,:]\s*\S|[。！？；，、：.!?;,:…—]\s*$/
/**
 * Title lines count only while they are at most this share of a text's lines:
 * each titled section has at least one line of prose under its title.
 */
const TITLE_SHARE = 1 / 2

/**
 * UTF-16 offsets of the lines of `text` that open a section: after optional white
 * space, a numbered point (`headingAt`), a section marker (SECTION_MARKER) or a
 * title line (see TITLE_MAX, TITLE_SHARE). In ascending order; empty when the text
 * has no headings. Linear in the text.
 * Worked example: "一要团结。\n\n二要合作。" → [0, 7].
 */
export function sectionStarts(text: string): number[] {
  const out: number[] = []
  const lines: Array<{ start: number; end: number }> = []
  for (let at = 0; at < text.length;) {
    const next = text.indexOf('\n', at)
    const end = next < 0 ? text.length : next
    let start = at
    while (start < end && (text[start] === ' ' || text[start] === '\t' || text[start] === '\u3000')) start++
    let last = end
    while (last > start && /\s/.test(text[last - 1])) last--
    if (start < last) lines.push({ start, end: last })
    at = end + 1
  }
  const titles: number[] = []
  lines.forEach((line, i) => {
    if (sectionMarker(text.slice(line.start, Math.min(line.end, line.start + 40))) !== null) {
      out.push(line.start)
      return
    }
    const length = line.end - line.start
    const following = lines[i + 1]
    const titleLike = (l: { start: number; end: number }) => l.end - l.start <= TITLE_MAX && !NOT_TITLE.test(text.slice(l.start, l.end))
    if (titleLike(line) && following && following.end - following.start > length && !titleLike(following)) titles.push(line.start)
  })
  if (titles.length === 0 || titles.length > TITLE_SHARE * lines.length) return out
  return [...out, ...titles].sort((x, y) => x - y)
}

/** The heading marker `line` opens with ("三要", "2.", "Article 4", "第三条"), or null when it opens no section. */
export function sectionMarker(line: string): string | null {
  return headingAt(line)?.marker ?? SECTION_MARKER.exec(line)?.[0] ?? null
}
