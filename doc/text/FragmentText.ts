import * as Y from 'yjs'
import { paragraphAt } from '../../core/text/paragraphSpans'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
import { fragmentOf } from '../model'

/** A point in the shared text: a paragraph's Y.XmlText and an index into it (UTF-16 units). */
export interface TextPoint {
  text: Y.XmlText
  index: number
}

interface TextRun {
  text: Y.XmlText
  /** Projection offset of the run's first character. */
  start: TextOffset
  length: number
}

interface ParagraphRun {
  start: TextOffset
  /** Projection offset after the paragraph's last character. */
  end: TextOffset
  length: number
  runs: TextRun[]
}

/**
 * The one plain-text projection of a workspace document (docs/DATA-MODEL.md, "The
 * plain-text projection"): every offset the server, the client and the exports use
 * comes from here. A snapshot of the fragment's text with the Y.XmlText behind every
 * offset: the bridge between projection offsets and Yjs (relative) positions. Built
 * in one walk over the fragment's live paragraphs, O(paragraphs); rebuild it after
 * the text changes.
 *
 * A paragraph is a Y.XmlElement whose Y.XmlText descendants, in document order, hold
 * its text (one in practice; several are concatenated). An empty paragraph may have
 * no Y.XmlText at all (y-prosemirror writes none for an empty ProseMirror paragraph).
 * A text's characters are read from its delta, never from `toString()`, which renders
 * formatting as XML tags; an embedded object counts as one U+FFFC, as it takes one
 * index in the Y.XmlText.
 */
export class FragmentText {
  readonly projection: string
  private readonly paragraphRuns: ParagraphRun[] = []
  private readonly byText = new Map<Y.XmlText, TextRun>()

  constructor(fragment: Y.XmlFragment) {
    const parts: string[] = []
    let offset = 0
    for (const child of fragment.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (this.paragraphRuns.length > 0) offset += PARAGRAPH_SEPARATOR.length
      const paragraph: ParagraphRun = { start: offset, end: offset, length: 0, runs: [] }
      let text = ''
      for (const inner of paragraphTexts(child)) {
        const value = plainText(inner)
        const run = { text: inner, start: offset + text.length, length: value.length }
        paragraph.runs.push(run)
        this.byText.set(inner, run)
        text += value
      }
      paragraph.length = text.length
      paragraph.end = offset + text.length
      parts.push(text)
      this.paragraphRuns.push(paragraph)
      offset += text.length
    }
    this.projection = parts.join(PARAGRAPH_SEPARATOR)
  }

  /** The paragraph texts, in order (the projection without its separators). */
  get paragraphs(): string[] {
    return this.paragraphRuns.map((p) => this.projection.slice(p.start, p.start + p.length))
  }

  get length(): number {
    return this.projection.length
  }

  /**
   * The character at `offset` as a text point (index of that character), or null
   * when no character starts there (a separator, the end of a paragraph, the end).
   */
  charAt(offset: TextOffset): TextPoint | null {
    const paragraph = this.paragraphAt(offset)
    if (!paragraph) return null
    for (const run of paragraph.runs) {
      if (offset >= run.start && offset < run.start + run.length) return { text: run.text, index: offset - run.start }
    }
    return null
  }

  /**
   * The point just after the character ending at `offset` (the character at
   * offset − 1), or null when no character ends there.
   */
  charBefore(offset: TextOffset): TextPoint | null {
    const point = this.charAt(offset - 1)
    return point && { text: point.text, index: point.index + 1 }
  }

  /** First offset ≥ `offset` where a character starts, or null past the last character. */
  nextCharStart(offset: TextOffset): TextOffset | null {
    for (let at = Math.max(0, offset); at < this.length; at++) if (this.charAt(at)) return at
    return null
  }

  /** Last offset ≤ `offset` where a character ends, or null before the first character. */
  previousCharEnd(offset: TextOffset): TextOffset | null {
    for (let at = Math.min(this.length, offset); at > 0; at--) if (this.charAt(at - 1)) return at
    return null
  }

  /** Projection offset of a point in a live paragraph of this fragment, or null for any other text. */
  offsetOf(text: Y.AbstractType<unknown>, index: number): TextOffset | null {
    const run = this.byText.get(text as Y.XmlText)
    if (!run) return null
    return run.start + Math.max(0, Math.min(index, run.length))
  }

  private paragraphAt(offset: TextOffset): ParagraphRun | null {
    if (offset < 0) return null
    return this.paragraphRuns[paragraphAt(this.paragraphRuns, offset)] ?? null
  }

}

/** The Y.XmlTexts below a paragraph element, in document order. */
function paragraphTexts(element: Y.XmlElement): Y.XmlText[] {
  const out: Y.XmlText[] = []
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) out.push(child)
    else if (child instanceof Y.XmlElement) out.push(...paragraphTexts(child))
  }
  return out
}

/** One paragraph element's text as the projection has it (its Y.XmlTexts' characters, concatenated). */
export function paragraphText(element: Y.XmlElement): string {
  let text = ''
  for (const inner of paragraphTexts(element)) text += plainText(inner)
  return text
}

/** OBJECT REPLACEMENT CHARACTER: an embed's one index in a Y.XmlText. */
const EMBED = '\uFFFC'

/** A Y.XmlText's characters without formatting, one U+FFFC per embed. */
function plainText(text: Y.XmlText): string {
  let out = ''
  for (const op of text.toDelta() as { insert: unknown }[]) out += typeof op.insert === 'string' ? op.insert : EMBED
  return out
}

/** The plain-text projection of a workspace Y.Doc: paragraph texts joined by "\n\n". */
export function projectDocument(doc: Y.Doc): string {
  return new FragmentText(fragmentOf(doc)).projection
}
