import { isLatinLetter, isWrittenWithoutSpaces } from '../text'
import { findContinuationMarkers } from './findContinuationMarkers'
import type { ParagraphSpan } from './types'

/** Whether `char` (its first code point) is of a script written without spaces between words, Han or kana; false for '' and undefined. */
export function isCjkChar(char: string | undefined): boolean {
  const codePoint = char?.codePointAt(0)
  return codePoint !== undefined && isWrittenWithoutSpaces(codePoint)
}

/**
 * Marks that close a sentence, or close a quotation or bracket that a sentence
 * may end with. A paragraph ending in one of them is not cut mid-sentence.
 * The colon and semicolon count too: a salutation ("朋友们：") or a list lead-in
 * ends a paragraph on purpose.
 */
const SENTENCE_CLOSERS = new Set([...'。！？…!?.．」』”’》）)］]】〕"\'：:；;―—'])

/** Marks a sentence cannot end with: the paragraph was cut off after them. */
const OPEN_ENDINGS = new Set([...'，、,（(“‘《「『【[〔'])

/**
 * CJK characters a sentence or heading cannot end with: the structural 的 (but 目的,
 * 有的, 似的, 众矢之的 end words), and 于, 而 (在于, 关于, 从而, 然而 all need what follows).
 * Worked example: "坚定支持彼此维护国家独立的" is cut; "这是我们的目的" is not.
 */
const CJK_OPEN_ENDING = /(?:(?<![目有似之])的|于|而)$/u

/** English words a sentence cannot end with (articles, prepositions, auxiliaries). */
const OPEN_WORDS = new Set(
  ('the a an of to and or but nor with for in on at by from into onto that which who whom whose as is are was were be been being ' +
    'has have had will would can could should shall may might must our their its his her my your this these those than if because while')
    .split(' '),
)

/** Small words a Title Case heading leaves in lower case. */
const TITLE_SMALL_WORDS = new Set('a an the of to and or but nor for in on at by from with as vs via'.split(' '))

/**
 * Longest heading, in characters for CJK text (spaces not counted) and in words
 * for other text. Worked example: the 34-character CJK line
 * "习近平分别会见吉尔吉斯斯坦、塔吉克斯坦、土库曼斯坦、乌兹别克斯坦总统" has no
 * clause punctuation and is under 45, so it is a heading; a 50-character line
 * without punctuation is prose. Newspaper headlines rarely pass 40 characters or
 * 14 English words.
 */
export const HEADING_MAX_CJK_CHARS = 45
export const HEADING_MAX_WORDS = 14
/** English sentence-case lines up to this many words still read as headings ("Rain expected across the north"). */
const SENTENCE_CASE_HEADING_MAX_WORDS = 10

export type ParagraphKind = 'prose' | 'heading' | 'dateline' | 'byline' | 'list-item' | 'marker'

/** What a paragraph looks like to the layout rules. */
export interface ParagraphShape {
  /** Offset of the first and past the last non-space character, relative to the paragraph's text. */
  bodyStart: number
  bodyEnd: number
  body: string
  /** Written mainly in a script without spaces between words (more CJK characters than a third of the Latin letters). */
  cjk: boolean
  kind: ParagraphKind
  /** Length in CJK characters (cjk) or words (otherwise). */
  length: number
  /** Ends with a sentence closer (see SENTENCE_CLOSERS) or with a continuation marker. */
  endsSentence: boolean
  /** Ends with a mark or word a sentence cannot end with (，、 an opening quote, "the"). */
  endsOpen: boolean
  /** Holds clause punctuation (，。；！？ or ", " "; " ". ") before its last character. */
  hasClauses: boolean
}

const LIST_MARKER =
  /^(?:[0-9０-９]{1,3}[.)、．](?!\d)|[（(][0-9０-９一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、．]|[A-Za-z][.)]\s|[-*•·●▪◦–]\s|——|第[一二三四五六七八九十百0-9]+[条章节]|[\u2460-\u2473])/u

const CJK_DATELINE_LINE =
  /^[（(]?[\p{Script=Han}\s·]{0,16}?(?:[0-9０-９]{4}年)?[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日(?:电|讯|消息)?[,，\s\p{Script=Han}]{0,10}[)）]?$/u
/** A new story's first paragraph opening with its dateline: "新华社北京6月17日电 …", "BEIJING, June 17 (Xinhua) -- …". */
export const DATELINE_OPENING =
  /^(?:[\p{Script=Han}]{1,12}[0-9０-９一二三四五六七八九十]{1,3}月[0-9０-９一二三四五六七八九十]{1,3}日(?:电|讯)|[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][a-z]{2,8}\.?\s*\d{0,2})?\s*(?:\([A-Za-z ]+\))?\s*(?:—|–|--)\s)/u
const ENGLISH_DATE_LINE =
  /^(?:[A-Z][A-Z .'-]+,\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?$/
const ENGLISH_DATELINE_LINE = /^[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Za-z. ]+)?\s*(?:\([A-Za-z ]+\))?\s*(?:—|–|--)?$/
/** A web address ends a line by design ("详见 www.stats.gov.cn", "read it at https://example.com/budget"). */
const URL_ENDING = /(?:https?:\/\/|www\.)\S+$/

/** A caption's credit ends it without punctuation: "新华社记者 张三 摄", "（新华社发）". */
const PHOTO_CREDIT = /(?:\s(?:摄|摄影|供图|制图)|新华社发|记者[\s\p{Script=Han}、·]{2,20}摄)$/u

/**
 * How a new CJK sentence often opens: a connective or time phrase and a comma
 * ("但是，", "据了解，", "今年以来，"), or a speaker and a verb of saying
 * ("他强调，", "付凌晖表示："). After a cut paragraph such an opening means the
 * next paragraph is not its continuation.
 */
export const CJK_SENTENCE_OPENING = new RegExp(
  '^(?:' +
    // connectives and time phrases
    '(?:但是|然而|因此|所以|同时|此外|另外|而且|并且|首先|其次|再次|最后|最终|总之|总的来看|总体来看|整体来看|具体来看|具体而言|换言之|也就是说|' +
    '值得一提的是|值得注意的是|目前|当前|如今|现在|眼下|当下|近日|日前|近期|此前|此后|随后|然后|接着|后来|起初|最初|原来|从此|对此|为此|不过|其实|' +
    '事实上|与此同时|一方面|另一方面|比如|例如|可见|显然|毕竟|下一步|接下来|未来|今后|据悉|据了解|据介绍|据统计|据报道|记者了解到|记者注意到|' +
    '近年来|今年以来|去年|今年|明年|当天|当晚|次日|当地时间[^，,]{0,12})[，,]' +
    // a date: "6月17日，", "今年1-5月，", "2025年，"
    '|(?:今年|去年)?(?:[0-9０-９]{4}年)?(?:[0-9０-９]{1,2}(?:[-－—至][0-9０-９]{1,2})?月(?:[0-9０-９]{1,2}日)?)?[，,](?<=[年月日][，,])' +
    // a speaker and a verb of saying: "他强调，", "付凌晖表示："
    '|[\\p{Script=Han}·]{1,8}(?:表示|指出|强调|认为|介绍|透露|坦言|说|称|告诉记者)[，：,:]' +
    ')',
  'u',
)

const CJK_BYLINE =
  /^(?:[□■●◎◆★☆▲△◇]|(?:本报|新华社|中新社|[\p{Script=Han}]{2,6}报)?(?:特派|驻[\p{Script=Han}]{1,6})?记者[\s\p{Script=Han}·、]|(?:文|图|作者|撰稿)\s*[/／:：])/u
const ENGLISH_BYLINE = /^by\s+[A-Z]/i

/**
 * True when `text` is mainly CJK: it has Han or kana, at least a third as many as
 * Latin letters ("主权安全 and 领土完整": 8 against 3, CJK). Counts code points.
 */
export function isCjkText(text: string): boolean {
  let cjk = 0
  let latin = 0
  for (let i = 0; i < text.length; i++) {
    const codePoint = text.codePointAt(i)!
    if (codePoint > 0xffff) i++
    if (isWrittenWithoutSpaces(codePoint)) cjk++
    else if (isLatinLetter(codePoint)) latin++
  }
  return cjk > 0 && cjk * 3 >= latin
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word))
}

function isTitleCase(wordList: string[]): boolean {
  const significant = wordList.filter((word) => !TITLE_SMALL_WORDS.has(word.toLowerCase()) && /^\p{L}/u.test(word))
  if (significant.length === 0) return false
  const capitalised = significant.filter((word) => /^\p{Lu}/u.test(word)).length
  // Worked example: "Rain, Wind and Snow Hit the North" has 5 significant words, all capitalised.
  return capitalised / significant.length >= 0.7
}

/** A line that leaves a quotation or bracket open was cut inside it: no heading does that. */
function opensMoreThanCloses(text: string): boolean {
  const count = (mark: string) => text.split(mark).length - 1
  return [['“', '”'], ['《', '》'], ['（', '）'], ['(', ')'], ['「', '」']].some(([open, close]) => count(open) > count(close))
}

/** The last character of `text` as a whole code point. */
function lastChar(text: string): string {
  const chars = Array.from(text.slice(-2))
  return chars[chars.length - 1] ?? ''
}

// Several rules look at the same spans in one run; spans are never mutated, so their shapes are kept.
const shapeCache = new WeakMap<ParagraphSpan, ParagraphShape>()

/** Describes one paragraph; pure, O(length). Spans passed in must not be mutated afterwards (the shape is cached per span). */
export function paragraphShape(paragraph: ParagraphSpan | string): ParagraphShape {
  if (typeof paragraph === 'string') return describe(paragraph)
  let shape = shapeCache.get(paragraph)
  if (!shape) {
    shape = describe(paragraph.text)
    shapeCache.set(paragraph, shape)
  }
  return shape
}

function describe(text: string): ParagraphShape {
  const bodyStart = text.length - text.trimStart().length
  const bodyEnd = text.trimEnd().length
  const body = text.slice(bodyStart, bodyEnd)
  const cjk = isCjkText(body)
  const last = lastChar(body)
  const markers = findContinuationMarkers(body)
  const endsWithMarker = markers.length > 0 && markers[markers.length - 1].end === body.length
  const endsSentence = SENTENCE_CLOSERS.has(last) || endsWithMarker || PHOTO_CREDIT.test(body) || URL_ENDING.test(body)
  const lastWord = /([A-Za-z]+)$/.exec(body)?.[1]
  const endsOpen =
    !endsSentence &&
    (OPEN_ENDINGS.has(last) || (lastWord !== undefined && !cjk && OPEN_WORDS.has(lastWord.toLowerCase())) || (cjk && CJK_OPEN_ENDING.test(body)))
  const inner = body.slice(0, -1)
  // In Latin text a stop after a lower-case word ends a sentence ("on Tuesday. (AP Photo)"); after "U.S." or "Dr." it need not.
  const hasClauses = cjk ? /[，。；！？]|[,;!?](?=\p{Script=Han})/u.test(inner) : /[,;]\s|[.!?]\s+\p{Lu}|\p{Ll}{2}[.!?]\s+\S/u.test(inner)
  const wordList = words(body)
  const length = cjk ? body.replace(/\s/g, '').length : wordList.length

  let kind: ParagraphKind
  if (markers.length === 1 && markers[0].start === 0 && markers[0].end === body.length) kind = 'marker'
  else if (cjk ? CJK_DATELINE_LINE.test(body) && body.length <= 30 : ENGLISH_DATE_LINE.test(body) || ENGLISH_DATELINE_LINE.test(body)) kind = 'dateline'
  else if (!/[。.!?！？]$/.test(body) && (cjk ? CJK_BYLINE.test(body) && length <= 40 : ENGLISH_BYLINE.test(body) && wordList.length <= 12)) kind = 'byline'
  else if (LIST_MARKER.test(body)) kind = 'list-item'
  else if (
    !hasClauses &&
    !opensMoreThanCloses(body) &&
    !/[。.!?！？]$/.test(body) &&
    (cjk
      ? length <= HEADING_MAX_CJK_CHARS
      : wordList.length <= HEADING_MAX_WORDS && (isTitleCase(wordList) || wordList.length <= SENTENCE_CASE_HEADING_MAX_WORDS))
  ) kind = 'heading'
  else kind = 'prose'

  return { bodyStart, bodyEnd, body, cjk, kind, length, endsSentence, endsOpen, hasClauses }
}

/** Closing marks no sentence starts with. */
const CLOSING_STARTS = new Set([...'，。、；：！？）」』”’》】〕,;:)]}'])

/** CJK particles that attach to the word before them: a paragraph cannot start with one. 的 and 了 also start words (的确, 了解), listed below. */
const BOUND_PARTICLES = new Set([...'们吗呢吧么'])
const PARTICLE_WORD_STARTS: Record<string, string> = { 的: '确士哥', 了: '解不却结如无然' }

/**
 * Why a paragraph body cannot be the start of a sentence, or null when it can.
 * 'closing': it opens with closing punctuation ("，而且…", ")…");
 * 'particle': with a CJK bound particle ("的事。", "们认为");
 * 'lower-case': with a lower-case Latin letter ("budget for the year."), except
 * brand-style words ("iPhone"), URLs and list labels ("a) …").
 */
export function midSentenceStart(body: string): 'closing' | 'particle' | 'lower-case' | null {
  const first = body[0] ?? ''
  if (CLOSING_STARTS.has(first)) return 'closing'
  if (first === '.' && body[1] !== '.') return 'closing'
  if (BOUND_PARTICLES.has(first)) return 'particle'
  if (first in PARTICLE_WORD_STARTS && !PARTICLE_WORD_STARTS[first].includes(body[1] ?? '')) return 'particle'
  if (/^[a-z]/.test(body) && !/^[a-z]+[A-Z]/.test(body) && !/^(?:www\.|https?:|[a-z][.)]\s)/.test(body)) return 'lower-case'
  return null
}

/** The tail of `text` before `end`: back to the last clause mark, at most `max` code units, never splitting a surrogate pair. */
export function clauseTail(text: string, end: number, max = 12): number {
  let start = end
  while (start > 0 && end - start < max && !/[，。、；：！？,;:!?\n\r]/.test(text[start - 1])) start--
  if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start--
  // Show whole Latin words: "…and drew", not "…urs and drew".
  if (start > 0 && /[A-Za-z]/.test(text[start - 1]) && /[A-Za-z]/.test(text[start])) {
    const space = text.indexOf(' ', start)
    if (space >= 0 && space < end) start = space + 1
  }
  while (start < end && /\s/.test(text[start])) start++
  return start
}

/** The head of `text` from `start`: up to and including the first clause mark, at most `max` code units. */
export function clauseHead(text: string, start: number, limit: number, max = 12): number {
  let end = start
  while (end < limit && end - start < max) {
    end++
    if (/[，。、；：！？,;:!?]/.test(text[end - 1])) break
  }
  if (end < limit && /[\udc00-\udfff]/.test(text[end])) end++
  // Show whole Latin words: "the vote came", not "the vote cam".
  while (end < limit && end - start < max + 20 && /[A-Za-z]/.test(text[end - 1] ?? '') && /[A-Za-z]/.test(text[end])) end++
  while (end > start + 1 && /\s/.test(text[end - 1])) end--
  return end
}
