/**
 * Title and date lines: a line that is a date, or a short title, label or heading with a
 * date at its end ("Tuesday, 9 April 2024", "Dated 14 March 2024", "Minutes of the
 * Tenants' Committee, 12 June 2024", "2024年5月6日，星期一", "会议纪要（2024年5月6日）").
 * Such a line ends without punctuation by design, so the layout rules never read it as
 * a sentence cut off (#18). A sentence that happens to end on a date ("The meeting was
 * held on 12 June 2024") is not one: what comes before the date must be a label of at
 * most LABEL_MAX_WORDS words or a Title Case phrase.
 */

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?'
const WEEKDAY = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day'
const DAY = '\\d{1,2}(?:st|nd|rd|th)?'
/** "9 April 2024", "April 9, 2024", "April 2024", "2024-04-09", "09/04/2024", each with an optional weekday before it. */
const ENGLISH_DATE = `(?:${WEEKDAY},?\\s+)?(?:${DAY}\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+${DAY},?\\s+\\d{4}|${MONTH}\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4})`
const CJK_DIGIT = '[0-9０-９〇零一二三四五六七八九十]'
/** "2024年5月6日", "2024年5月", with an optional weekday ("星期一", "周一") after it. */
const CJK_DATE = `${CJK_DIGIT}{2,4}年${CJK_DIGIT}{1,2}月(?:${CJK_DIGIT}{1,3}日)?(?:[，,\\s\\u3000]*(?:星期|周|礼拜)[一二三四五六日天])?`

/** What may close a date line after the date: a bracket, a full stop of a label. */
const ENGLISH_DATE_AT_END = new RegExp(`^(.*?)[\\s,:;—–(-]*${ENGLISH_DATE}\\)?$`, 'u')
const CJK_DATE_AT_END = new RegExp(`^(.*?)([\\s\\u3000,，:：(（—–-]*)${CJK_DATE}[)）]?$`, 'u')

/** Longest label before a date that is not Title Case: "Dated", "Published", "Last updated on". */
const LABEL_MAX_WORDS = 3
/** Longest CJK title before a date, in characters (a headline is at most 45; a title and a date line is shorter). */
const CJK_TITLE_MAX_CHARS = 30

/** Longest date line, in UTF-16 units: a title of 14 words and a date. */
const DATE_LINE_MAX_LENGTH = 160

/** Small words a Title Case phrase leaves in lower case. */
const SMALL_WORDS = new Set('a an the of to and or but nor for in on at by from with as vs via'.split(' '))

function isLabelOrTitle(prefix: string): boolean {
  const words = prefix.split(/\s+/).filter((word) => /\p{L}/u.test(word))
  if (words.length <= LABEL_MAX_WORDS) return true
  const significant = words.filter((word) => !SMALL_WORDS.has(word.toLowerCase()))
  return significant.length > 0 && significant.every((word) => /^[\p{Lu}\p{N}"'“‘(]/u.test(word))
}

/**
 * True when `body` (a trimmed paragraph) is a date line or a title ending with a date.
 * `cjk` says whether the line is mainly CJK (see isCjkText). Pure, O(length).
 * Worked examples: "Tuesday, 9 April 2024" → true; "Minutes of the Tenants' Committee,
 * 12 June 2024" → true (Title Case); "The meeting was held on 12 June 2024" → false
 * (six words, not Title Case); "2024年5月6日，星期一" → true; "会议纪要（2024年5月6日）" → true
 * (a title set apart from its date); "会议于2024年5月6日" → false (the date runs on from the words).
 */
export function isDateLine(body: string, cjk: boolean): boolean {
  // A title and date line is short and holds a year: most paragraphs are ruled out before any pattern runs.
  if (body.length > DATE_LINE_MAX_LENGTH || !/[0-9０-９〇零]/.test(body)) return false
  if (cjk) {
    const match = CJK_DATE_AT_END.exec(body)
    if (!match) return false
    const [, prefix, separator] = match
    // "会议于2024年5月6日" runs the date into a sentence; a title sets it apart ("会议纪要（2024年5月6日）").
    if (prefix !== '' && separator === '') return false
    return prefix.length <= CJK_TITLE_MAX_CHARS && !/[，。；！？,;!?]/.test(prefix)
  }
  const match = ENGLISH_DATE_AT_END.exec(body)
  if (!match) return false
  const prefix = match[1]
  return !/[.;!?]\s/.test(prefix) && isLabelOrTitle(prefix)
}
