import { countLineBreaks } from '../text'
import { findContinuationMarkers } from './findContinuationMarkers'
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
}

const FRESH_KINDS = new Set(['heading', 'dateline', 'byline', 'list-item', 'marker'])

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
 * Pass the `text` the spans come from to read hard wraps (see hardWraps). The list and
 * its spans must not be mutated afterwards: the result is cached per list.
 */
export function findLayoutBreaks(paragraphs: readonly ParagraphSpan[], text?: string): readonly LayoutBreak[] {
  const cached = breakCache.get(paragraphs)
  if (cached && cached.text === text) return cached.breaks
  const breaks = computeBreaks(paragraphs, text === undefined ? null : hardWraps(paragraphs, text))
  breakCache.set(paragraphs, { text, breaks })
  return breaks
}

/**
 * Which gaps between paragraphs are a single line break in a text whose paragraphs
 * are otherwise separated by blank lines: there a single line break is a hard wrap
 * inside a paragraph, so a cut line goes on in the next one whatever that starts
 * with. Worked example: in "A cut line ends with the\nMayor said.\n\nNext one.\n\nLast."
 * (two blank-line gaps), gap 0 is a wrap. A text with fewer than MIN_BLANK_GAPS blank-line gaps
 * (one paragraph per line) has no wraps. The projection always separates by a blank line.
 */
const MIN_BLANK_GAPS = 2

function hardWraps(paragraphs: readonly ParagraphSpan[], text: string): Set<number> {
  const single: number[] = []
  let blank = 0
  for (let i = 0; i + 1 < paragraphs.length; i++) {
    const breaks = countLineBreaks(text, paragraphs[i].end, paragraphs[i + 1].start)
    if (breaks === 1) single.push(i)
    else blank++
  }
  return new Set(blank >= MIN_BLANK_GAPS ? single : [])
}

// The fragment and typo rules ask again for the breaks of the same paragraph list in one run.
const breakCache = new WeakMap<readonly ParagraphSpan[], { text: string | undefined; breaks: LayoutBreak[] }>()

function computeBreaks(paragraphs: readonly ParagraphSpan[], wraps: ReadonlySet<number> | null): LayoutBreak[] {
  const shapes = paragraphs.map((paragraph) => paragraphShape(paragraph))
  const breaks: LayoutBreak[] = []
  for (let i = 0; i < paragraphs.length; i++) {
    const previous = shapes[i]
    if (previous.endsSentence || previous.kind === 'dateline' || previous.kind === 'byline' || previous.kind === 'marker') continue
    const next = shapes[i + 1] as ParagraphShape | undefined
    const nextStart = next ? midSentenceStart(next.body) : null
    const joinText = next ? joinTextFor(previous, next) : ''
    if (next && nextStart !== null && !(next.kind === 'list-item' && nextStart === 'lower-case')) {
      breaks.push({ paragraph: i, continued: true, joinText, reason: `the next paragraph cannot start a sentence (${nextStart})` })
      continue
    }
    // List items often end without punctuation ("——坚持合作共赢，共同发展"): only an open ending marks one as cut.
    const proseLike = previous.endsOpen || previous.kind === 'prose'
    if (!proseLike) continue
    if (next && isVerse(previous, next)) continue
    const wrapped = wraps?.has(i) === true && next !== undefined && !FRESH_KINDS.has(next.kind)
    const continued = next !== undefined && (wrapped || !startsAfresh(next, previous))
    const reason = previous.endsOpen ? 'it ends on a mark or word no sentence ends with' : 'it reads as prose but has no closing punctuation'
    breaks.push({ paragraph: i, continued, joinText, reason: wrapped ? `${reason}, and only a line break follows` : reason })
  }
  return breaks
}

/**
 * Lines of verse end on a comma by design. Two short lines, the first ending on a comma, of equal length
 * (CJK) or two short lines the second of which opens with a capital (English)
 * are read as verse. Worked example: "床前明月光，" and "疑是地上霜。" are 6 characters
 * each (limit 16); "Whose woods these are I think I know," and "His house is in the village
 * though;" have 9 and 7 words (limit 10).
 */
const VERSE_MAX_CJK_CHARS = 16
const VERSE_MAX_WORDS = 10

function isVerse(previous: ParagraphShape, next: ParagraphShape): boolean {
  if (!/[，、,;]$/.test(previous.body)) return false
  if (previous.cjk && next.cjk) {
    return previous.length <= VERSE_MAX_CJK_CHARS && Math.abs(previous.length - next.length) <= 1
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
