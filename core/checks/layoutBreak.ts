import { findContinuationMarkers } from './findContinuationMarkers'
import { findHardWraps } from './hardWraps'
import { stanzaAround } from './stanza'
import {
  CJK_SENTENCE_OPENING,
  DATELINE_OPENING,
  clauseHead,
  clauseTail,
  isCjkChar,
  midSentenceStart,
  paragraphShape,
  type ParagraphShape,
} from './paragraphShape'
import type { CheckRule, Finding, ParagraphSpan } from './types'

/** A paragraph that ends mid-sentence, and whether the next paragraph is where it goes on. */
export interface LayoutBreak {
  /** Index (into the paragraph list) of the paragraph cut mid-sentence. */
  paragraph: number
  /** True when the next paragraph continues the sentence, so the two can be joined. */
  continued: boolean
  /** What replaces the line breaks when joining: '' after or before CJK text and after a hyphen, ' ' between Latin words. */
  joinText: string
  /** Why the paragraph counts as cut off. */
  reason: string
  /**
   * True for a hard wrap (see hardWraps.ts): the file breaks its lines to a width, so the
   * two lines are one paragraph. Not a fault and never reported; the other rules read the
   * lines as one, as they do a continued break.
   */
  hardWrap: boolean
}

const FRESH_KINDS = new Set(['heading', 'dateline', 'byline', 'list-item', 'marker', 'separator'])

/** A paragraph that begins something new: a heading, dateline, byline, list item or continuation marker. */
function startsAfresh(next: ParagraphShape, previous: ParagraphShape): boolean {
  if (FRESH_KINDS.has(next.kind)) return true
  if (DATELINE_OPENING.test(next.body)) return true
  // "(上接第一版)…" continues a story from another page, not this paragraph.
  if (findContinuationMarkers(next.body)[0]?.start === 0) return true
  if (previous.endsOpen) return false
  if (next.cjk && CJK_SENTENCE_OPENING.test(next.body)) return true
  // An opening quote or bracket after a paragraph cut at a word boundary reads as a new sentence.
  if (/^[“‘「『《（(["']/.test(next.body)) return true
  // Latin text: a capital after a cut that is not an open word ("the", ",") starts a sentence.
  if (!previous.cjk && !next.cjk && /^[\p{Lu}\p{N}]/u.test(next.body)) return true
  return false
}

/**
 * Every paragraph that ends mid-sentence (see docs/CHECKS.md, layout-break).
 * A paragraph P followed by N is cut when P does not end with a sentence closer and
 * either N cannot start a sentence (it opens with closing punctuation, a bound
 * particle or a lower-case letter), or P reads as prose rather than a heading,
 * dateline, byline or list item: it holds clause punctuation or is longer than a
 * heading, or it ends on a mark or word no sentence ends with.
 * It is `continued` unless N visibly starts afresh (heading, dateline, list item,
 * continuation marker, or in Latin text a capital after a complete word).
 * Worked example: ["两年来，…等取得", "进展，…"] gives {paragraph: 0, continued: true, joinText: ''};
 * ["两年来，…等取得", "新华社北京6月17日电 …"] gives continued: false.
 * Pass the `text` the spans come from to read hard wraps (see hardWraps.ts: listed with
 * `hardWrap: true`, never reported). The list and
 * its spans must not be mutated afterwards: the result is cached per list.
 */
export function findLayoutBreaks(paragraphs: readonly ParagraphSpan[], text?: string): readonly LayoutBreak[] {
  const cached = breakCache.get(paragraphs)
  if (cached && cached.text === text) return cached.breaks
  const breaks = computeBreaks(paragraphs, text === undefined ? null : findHardWraps(paragraphs, text))
  breakCache.set(paragraphs, { text, breaks })
  return breaks
}

// The fragment and typo rules ask again for the breaks of the same paragraph list in one run.
const breakCache = new WeakMap<readonly ParagraphSpan[], { text: string | undefined; breaks: LayoutBreak[] }>()

function computeBreaks(paragraphs: readonly ParagraphSpan[], wraps: ReadonlySet<number> | null): LayoutBreak[] {
  const shapes = paragraphs.map((paragraph) => paragraphShape(paragraph))
  const breaks: LayoutBreak[] = []
  for (let i = 0; i < paragraphs.length; i++) {
    const previous = shapes[i]
    const next = shapes[i + 1] as ParagraphShape | undefined
    if (next && wraps?.has(i) === true) {
      breaks.push({ paragraph: i, continued: true, joinText: joinTextFor(previous, next), reason: 'a hard wrap', hardWrap: true })
      continue
    }
    if (previous.endsSentence || previous.kind === 'dateline' || previous.kind === 'byline' || previous.kind === 'marker' || previous.kind === 'separator') continue
    if (next?.kind === 'separator') continue
    // A stanza may end without punctuation, and the next open in lower case: verse, not a cut.
    if (wraps !== null && (stanzaAround(shapes, wraps, i)?.last === i || stanzaAround(shapes, wraps, i + 1)?.first === i + 1)) continue
    const nextStart = next ? midSentenceStart(next.body) : null
    const joinText = next ? joinTextFor(previous, next) : ''
    if (next && nextStart !== null && !(next.kind === 'list-item' && nextStart === 'lower-case')) {
      breaks.push({ paragraph: i, continued: true, joinText, reason: `the next paragraph cannot start a sentence (${nextStart})`, hardWrap: false })
      continue
    }
    if (next && endsEnumerationJoint(previous, next)) continue
    if (next && dedentsToIndentedLine(paragraphs[i], paragraphs[i + 1])) continue
    // List items often end without punctuation ("——坚持合作共赢，共同发展"): only an open ending marks one as cut.
    const proseLike = previous.endsOpen || previous.kind === 'prose'
    if (!proseLike) continue
    // The text's last paragraph without its stop (an email's last line, notes) is no cut unless it ends open.
    if (!next && !previous.endsOpen) continue
    if (next && isVerse(previous, next)) continue
    const continued = next !== undefined && !startsAfresh(next, previous)
    const reason = previous.endsOpen ? 'it ends on a mark or word no sentence ends with' : 'it reads as prose but has no closing punctuation'
    breaks.push({ paragraph: i, continued, joinText, reason, hardWrap: false })
  }
  return breaks
}

/**
 * An item of an enumeration ends on a conjunction after its clause mark, announcing the
 * next item: "(b) … in good faith; and" / "(c) …", "- server_url: …, or" / "- batch_size: …",
 * "（二）…；或者" / "（三）…" (in Chinese only after a semicolon). The sentence goes on in the next item by design, so when the
 * next paragraph is a list item this is not a break (#18).
 */
// Chinese items are set apart by a semicolon: "…，并" before "1. 加强合作" is a sentence cut after 并.
const ENUMERATION_JOINT = /(?:[;,；，]\s*(?:and|or|and\/or)|[；;]\s*(?:或者|或|以及|及))$/iu

function endsEnumerationJoint(previous: ParagraphShape, next: ParagraphShape): boolean {
  if (next.kind !== 'list-item') return false
  // Items may also be set apart by a comma or semicolon alone: "0      if OK," / "1      if …".
  return ENUMERATION_JOINT.test(previous.body) || (previous.kind === 'list-item' && /[,;，；、]$/.test(previous.body))
}

/**
 * Columns of a paragraph's leading white space (a tab counts 8, a full-width space 2).
 * A layout cut keeps or drops the indentation (a column's first line carries none);
 * an indented block giving way to a less, but still, indented line is the structure of
 * a manual or definition list: "              print what would be done" then
 * "       --help display this help". Then P is not cut.
 */
function indentColumns(text: string): number {
  let columns = 0
  for (const char of text) {
    if (char === '\t') columns += 8
    else if (char === '\u3000') columns += 2
    else if (/\s/.test(char)) columns += 1
    else break
  }
  return columns
}

function dedentsToIndentedLine(previous: ParagraphSpan, next: ParagraphSpan): boolean {
  const nextIndent = indentColumns(next.text)
  return nextIndent > 0 && nextIndent < indentColumns(previous.text)
}

/**
 * Lines of verse end on a comma by design. Two short lines, the first ending on a comma, of
 * nearly equal length (CJK, within VERSE_CJK_LENGTH_SPREAD) or two short lines the second of which opens with a capital (English)
 * are read as verse. Worked example: "床前明月光，" and "疑是地上霜。" are 6 characters
 * each (limit 16); "Whose woods these are I think I know," and "His house is in the village
 * though;" have 9 and 7 words (limit 10).
 */
const VERSE_MAX_CJK_CHARS = 16
const VERSE_MAX_WORDS = 10
/** Lines of modern CJK verse differ more than classical ones: "假如生活欺骗了你，" (8) / "不要悲伤，不要心急！" (9), "我曾经爱过你，" (6) / "爱情，也许在我的心灵里还没有完全消亡，" (16): within 4 of each other is verse; one of 6 after one of 16 is not. */
const VERSE_CJK_LENGTH_SPREAD = 4

function isVerse(previous: ParagraphShape, next: ParagraphShape): boolean {
  if (!/[，、,;]$/.test(previous.body)) return false
  if (previous.cjk && next.cjk) {
    return previous.length <= VERSE_MAX_CJK_CHARS && Math.abs(previous.length - next.length) <= VERSE_CJK_LENGTH_SPREAD
  }
  return !previous.cjk && !next.cjk && previous.length <= VERSE_MAX_WORDS && next.length <= VERSE_MAX_WORDS && /^\p{Lu}/u.test(next.body)
}

function joinTextFor(previous: ParagraphShape, next: ParagraphShape): string {
  const last = Array.from(previous.body).pop() ?? ''
  const first = next.body[0] ?? ''
  if (isCjkChar(last) || isCjkChar(first) || /[，、“‘《「『（]/.test(last)) return ''
  if (last === '-' || last === '\u00ad') return ''
  return ' '
}

function quote(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

export const layoutBreak: CheckRule = {
  id: 'layout-break',
  description: 'A paragraph cut mid-sentence, by a column or page end, and continued in the next paragraph.',
  run(text, paragraphs) {
    const findings: Finding[] = []
    for (const cut of findLayoutBreaks(paragraphs, text)) {
      if (cut.hardWrap) continue
      const paragraph = paragraphs[cut.paragraph]
      const shape = paragraphShape(paragraph)
      const end = paragraph.start + shape.bodyEnd
      const start = clauseTail(text, end)
      const tail = text.slice(start, end)
      if (!cut.continued) {
        findings.push({
          rule: 'layout-break',
          start,
          end,
          message: `Paragraph ends mid-sentence ("…${quote(tail)}"): ${cut.reason}, and the next paragraph does not continue it; text may be lost to another column or page.`,
        })
        continue
      }
      const next = paragraphs[cut.paragraph + 1]
      const nextStart = next.start + paragraphShape(next).bodyStart
      const headEnd = clauseHead(text, nextStart, next.end)
      findings.push({
        rule: 'layout-break',
        start,
        end: headEnd,
        message: `Sentence broken across paragraphs: "…${quote(tail)}" goes on in "${quote(text.slice(nextStart, headEnd))}…" (${cut.reason}); join them.`,
        fix: { start: end, end: nextStart, text: cut.joinText },
      })
    }
    return findings
  },
}
