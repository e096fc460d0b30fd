import { findContinuationMarkers } from './findContinuationMarkers'
import { findLayoutBreaks } from './layoutBreak'
import { stanzaAround } from './stanza'
import { clauseHead, midSentenceStart, paragraphShape, type ParagraphShape } from './paragraphShape'
import type { CheckRule, Finding } from './types'

/**
 * Han characters that may stand alone before a comma at the start of a sentence:
 * interjections (嗯，啊，), answers (好，对，是，), conjunctions and adverbs
 * (但，故，另，), list labels (一，二，) and party names (甲，乙，). Any other lone
 * character before a comma ("据，包括…") is the end of a word whose beginning is
 * elsewhere.
 */
const STANDALONE_BEFORE_COMMA = new Set([
  ...'嗯啊哦噢唉哎呃喂嘿哈呀咦哇嗨',
  ...'好对是不行错',
  ...'但而故且另又再若则因即然总就如可或并',
  ...'一二三四五六七八九十甲乙丙丁',
])

/** Shortest paragraph compared with its copies: shorter ones ("同事们、朋友们！") repeat on purpose. */
const MIN_COPY_LENGTH = 10

/**
 * Why a paragraph's own first characters show it starts mid-sentence, or null.
 * Worked example: "据，包括公交车…" → '"据" stands alone before a comma…'; "但，…" → null.
 */
export function fragmentStart(shape: ParagraphShape): string | null {
  const body = shape.body
  const midStart = midSentenceStart(body)
  const lone = /^(\p{Script=Han})[，,]/u.exec(body)
  if (midStart === 'closing') return 'it opens with closing punctuation'
  if (midStart === 'particle') return 'it opens with a particle that attaches to a preceding word'
  // A short lower-case line without a full stop is a label or a command ("npm install"), not a piece of a sentence.
  // So is a name written in lower case with a digit or a dot, dash, slash or underscore in it ("x86 …", "node.js …", "ext4 …").
  if (midStart === 'lower-case' && shape.kind !== 'list-item' && shape.kind !== 'heading' && !/^[a-z]+[0-9._/-][\w./-]*\s/.test(body)) return 'it opens with a lower-case letter'
  if (lone && !STANDALONE_BEFORE_COMMA.has(lone[1])) return `"${lone[1]}" stands alone before a comma, the end of a word begun elsewhere`
  return null
}

export const fragment: CheckRule = {
  id: 'fragment',
  description: 'A paragraph that starts mid-sentence because its beginning is elsewhere (a lone character and comma, a lower-case or punctuation start).',
  run(text, paragraphs) {
    const breaks = findLayoutBreaks(paragraphs, text)
    const continuation = new Set(breaks.filter((cut) => cut.continued).map((cut) => cut.paragraph + 1))
    // A paragraph whose copy elsewhere continues a cut paragraph starts mid-sentence too.
    const continuedCopies = new Map<string, number>()
    // A wrapped line is not the continuation of a cut (see hardWraps.ts).
    const wraps = new Set(breaks.filter((cut) => cut.hardWrap).map((cut) => cut.paragraph))
    const wrapped = new Set([...wraps].map((gap) => gap + 1))
    const shapes = paragraphs.map((paragraph) => paragraphShape(paragraph))
    for (const index of continuation) {
      if (wrapped.has(index)) continue
      const body = paragraphs[index].text.trim()
      if (body.length >= MIN_COPY_LENGTH && !continuedCopies.has(body)) continuedCopies.set(body, index)
    }
    const findings: Finding[] = []
    paragraphs.forEach((paragraph, index) => {
      if (continuation.has(index)) return
      const shape = paragraphShape(paragraph)
      const body = shape.body
      // After (上接第一版) a piece is meant to start mid-story; the marker rule reports it.
      if (findContinuationMarkers(body)[0]?.start === 0) return
      // After a separator line ("%", "* * *") an entry or section starts, whatever its first letter.
      if (index > 0 && paragraphShape(paragraphs[index - 1]).kind === 'separator') return
      if (shape.kind === 'separator') return
      const start = paragraph.start + shape.bodyStart
      const end = clauseHead(text, start, paragraph.start + shape.bodyEnd)
      const opening = text.slice(start, end)
      let reason = fragmentStart(shape)
      // A stanza's first line may open in lower case (looked at only when the start looks wrong: a block is walked).
      if (reason !== null && stanzaAround(shapes, wraps, index)?.first === index) return
      let related: Finding['related']
      if (reason === null) {
        const copy = continuedCopies.get(body)
        if (copy !== undefined) {
          const before = paragraphs[copy - 1]
          reason = 'an identical paragraph elsewhere continues a sentence cut at the end of the paragraph before it'
          related = [{ start: before.start, end: before.end }, { start: paragraphs[copy].start, end: paragraphs[copy].end }]
        }
      }
      if (reason === null) return
      const finding: Finding = {
        rule: 'fragment',
        start,
        end,
        message: `Paragraph starts mid-sentence ("${opening}…"): ${reason}; its beginning is missing or elsewhere.`,
      }
      if (related) finding.related = related
      findings.push(finding)
    })
    return findings
  },
}
