import { contentGrams, gramCoverage } from './contentGrams'
import { findContinuationMarkers } from './findContinuationMarkers'
import { fragmentStart } from './fragment'
import { paragraphShape, type ParagraphShape } from './paragraphShape'
import type { CheckRule, Finding, ParagraphSpan } from './types'

/**
 * Thresholds of the subheading test. A subheading is displaced when at most
 * UNRELATED of its grams occur in the paragraph under it while at least ECHOED
 * occur in one paragraph further on (within LOOKAHEAD paragraphs), and it has at
 * least MIN_GRAMS grams, so that short generic subheadings ("市场", "Background")
 * are never judged.
 * Worked example: "“智慧城市就是让市民的生活更轻松、更美好”" has 16 bigrams; the
 * paragraph under it (on wind power) shares 0 of them (0 ≤ 0.2) and a paragraph
 * 11 further on quoting the sentence shares 16 (1 ≥ 0.8): displaced. The headline
 * "习近平出席第二届中国－中亚峰会并作主旨发言" shares 13 of 20 (0.65 < 0.8) with a later
 * paragraph mentioning the summit: not displaced.
 */
const UNRELATED = 0.2
const ECHOED = 0.8
const LOOKAHEAD = 40
const MIN_GRAMS = 5

function isHeading(shape: ParagraphShape): boolean {
  return shape.kind === 'heading'
}

function span(paragraphs: readonly ParagraphSpan[], first: number, last: number, shapes: readonly ParagraphShape[]) {
  return { start: paragraphs[first].start + shapes[first].bodyStart, end: paragraphs[last].start + shapes[last].bodyEnd }
}

export const displacedHeading: CheckRule = {
  id: 'displaced-heading',
  description: 'A heading or subheading separated from the story it heads: a title above text that starts mid-sentence, or a subheading whose words appear only further on.',
  run(text, paragraphs) {
    const shapes = paragraphs.map((paragraph) => paragraphShape(paragraph))
    const grams = paragraphs.map((paragraph) => contentGrams(paragraph.text))
    const findings: Finding[] = []
    for (let first = 0; first < paragraphs.length; first++) {
      if (!isHeading(shapes[first])) continue
      let last = first
      while (last + 1 < paragraphs.length && isHeading(shapes[last + 1])) last++
      const below = last + 1
      const block = span(paragraphs, first, last, shapes)
      const quoted = text.slice(block.start, block.end).replace(/\s*\n+\s*/g, ' / ')
      if (below < paragraphs.length && fragmentStart(shapes[below]) !== null) {
        findings.push({
          rule: 'displaced-heading',
          start: block.start,
          end: block.end,
          message: `Heading "${quoted}" stands above a paragraph that starts mid-sentence, so it does not head what follows; it was probably printed beside its story and belongs before that story's first paragraph.`,
        })
      } else if (
        first === last &&
        first > 0 &&
        shapes[first - 1].kind === 'prose' &&
        below < paragraphs.length &&
        shapes[below].kind === 'prose' &&
        findContinuationMarkers(shapes[below].body)[0]?.start !== 0 &&
        grams[first].size >= MIN_GRAMS &&
        gramCoverage(grams[first], grams[below]) <= UNRELATED
      ) {
        for (let later = below + 1; later < Math.min(paragraphs.length, below + 1 + LOOKAHEAD); later++) {
          if (isHeading(shapes[later]) || gramCoverage(grams[first], grams[later]) < ECHOED) continue
          findings.push({
            rule: 'displaced-heading',
            start: block.start,
            end: block.end,
            message: `Subheading "${quoted}" is followed by text about something else; its words come back only ${later - first} paragraphs further on, where it probably belongs.`,
            related: [{ start: paragraphs[later].start, end: paragraphs[later].end }],
          })
          break
        }
      }
      first = last
    }
    return findings
  },
}
