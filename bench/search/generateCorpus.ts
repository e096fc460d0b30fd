/**
 * Seeded corpus for the workspace search: documents of newspaper-like Chinese
 * and English text (bench/duplicates/generateText) with planted phrases, for the
 * `search` bench (200 × 100 KB) and the recall test (a smaller corpus).
 *
 * Each planted phrase is new text (six Han characters, or two made-up English
 * words of 6–9 letters), inserted at a random place inside a paragraph of one
 * to three documents; its offsets are recorded in each. Phrases are drawn until
 * one does not occur in the corpus yet, so every planted phrase has exactly the
 * occurrences recorded. The same seed always gives the same corpus.
 */
import { PARAGRAPH_SEPARATOR } from '../../core/text'
import { generateText } from '../duplicates/generateText'
import { seededRandom } from '../seededRandom'

export interface CorpusDocument {
  id: string
  title: string
  /** The document's projection: paragraphs joined by "\n\n". */
  text: string
}

export interface PlantedPhrase {
  phrase: string
  language: 'zh' | 'en'
  /** Where it was planted: document id and projection offset of its first character. */
  places: { documentId: string; start: number }[]
}

export interface Corpus {
  documents: CorpusDocument[]
  planted: PlantedPhrase[]
}

export interface CorpusOptions {
  seed: number
  documents: number
  /** UTF-8 size of each document before planting. */
  bytesPerDocument: number
  /** Planted phrases per language. */
  phrasesPerLanguage: number
}

export function generateCorpus(options: CorpusOptions): Corpus {
  const random = seededRandom(options.seed)
  const pick = (n: number) => Math.floor(random() * n)
  const texts = Array.from({ length: options.documents }, (_, i) =>
    generateText({ seed: options.seed * 1000 + i, targetBytes: options.bytesPerDocument, cjkShare: i % 4 === 3 ? 0.2 : 0.6, plantRate: 0.01 }).text,
  )
  const haystack = texts.join('\u0000')
  const newPhrase = (language: 'zh' | 'en'): string => {
    for (;;) {
      const phrase = language === 'zh' ? hanPhrase(pick) : `${latinWord(pick)} ${latinWord(pick)}`
      if (!haystack.includes(phrase)) return phrase
    }
  }
  // Phrases chosen first (against the unplanted corpus), then planted document by document.
  const plans: { phrase: string; language: 'zh' | 'en'; documents: number[] }[] = []
  const chosen = new Set<string>()
  for (const language of ['zh', 'en'] as const) {
    for (let k = 0; k < options.phrasesPerLanguage; k++) {
      let phrase = newPhrase(language)
      while (chosen.has(phrase)) phrase = newPhrase(language)
      chosen.add(phrase)
      const count = 1 + pick(3)
      const documents = new Set<number>()
      while (documents.size < Math.min(count, options.documents)) documents.add(pick(options.documents))
      plans.push({ phrase, language, documents: [...documents] })
    }
  }
  const planted: PlantedPhrase[] = plans.map(({ phrase, language }) => ({ phrase, language, places: [] }))
  const documents: CorpusDocument[] = texts.map((text, index) => {
    const id = `doc-${String(index).padStart(3, '0')}`
    const paragraphs = text.split(PARAGRAPH_SEPARATOR)
    plans.forEach((plan, p) => {
      if (!plan.documents.includes(index)) return
      const paragraph = pick(paragraphs.length)
      // Insert at a character boundary (never inside a surrogate pair), for English between words.
      const body = paragraphs[paragraph]
      let at = pick(body.length + 1)
      if (plan.language === 'en') {
        const space = body.indexOf(' ', at)
        at = space < 0 ? body.length : space
      }
      const insert = plan.language === 'en' ? ` ${plan.phrase}` : plan.phrase
      paragraphs[paragraph] = body.slice(0, at) + insert + body.slice(at)
      planted[p].places.push({ documentId: id, start: -1 })
    })
    const joined = paragraphs.join(PARAGRAPH_SEPARATOR)
    return { id, title: `Generated ${language(index)} document ${index}`, text: joined }
  })
  // Offsets are known only once every phrase of a document is in; each phrase occurs once in it.
  const byId = new Map(documents.map((doc) => [doc.id, doc.text]))
  for (const entry of planted) {
    for (const place of entry.places) place.start = byId.get(place.documentId)!.indexOf(entry.phrase)
  }
  return { documents, planted }
}

function language(index: number): string {
  return index % 4 === 3 ? 'mostly English' : 'mostly Chinese'
}

/** Six Han characters from the CJK Unified Ideographs block (U+4E00–U+9FFF). */
function hanPhrase(pick: (n: number) => number): string {
  let out = ''
  for (let i = 0; i < 6; i++) out += String.fromCharCode(0x4e00 + pick(0x9fff - 0x4e00 + 1))
  return out
}

function latinWord(pick: (n: number) => number): string {
  const consonants = 'bcdfghjklmnpqrstvwxz'
  const vowels = 'aeiou'
  let out = ''
  const length = 6 + pick(4)
  for (let i = 0; i < length; i++) out += i % 2 === 0 ? consonants[pick(consonants.length)] : vowels[pick(vowels.length)]
  return out
}
