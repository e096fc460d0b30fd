/**
 * Seeded witnesses for the alignment benchmarks: CJK sentences with Latin words
 * and numbers mixed in, and versions of them with reworded clauses, deleted and
 * added sentences, single-character edits and moved sentences.
 */

import { seededRandom } from '../seededRandom'


const LATIN = ['Astana', 'and', 'Belt', 'Road', 'data', 'summit', 'AI', 'GDP', 'port', 'rail']

export interface WitnessPair {
  a: string
  b: string
  /** Sentences moved to another place in B. */
  plantedMoves: number
}

/** Sentences, clauses and characters drawn from one seeded generator. */
function textModel(random: () => number) {
  const pick = (n: number) => Math.floor(random() * n)
  // Zipf-like use of ~3000 Han characters: frequent ones repeat, as in real text.
  const han = () => String.fromCharCode(0x4e00 + Math.floor(3000 * random() ** 2.5))
  const clause = () => {
    let text = ''
    const length = 4 + pick(12)
    for (let i = 0; i < length; i++) {
      const r = random()
      if (r < 0.03) text += ` ${LATIN[pick(LATIN.length)]} `
      else if (r < 0.05) text += String(pick(3000))
      else text += han()
    }
    return text
  }
  const sentence = () => {
    const clauses = 1 + pick(4)
    const parts: string[] = []
    for (let i = 0; i < clauses; i++) parts.push(clause())
    return parts.join('，') + '。'
  }
  const sentences = (size: number) => {
    const out: string[] = []
    for (let length = 0; length < size;) {
      const s = sentence()
      out.push(s)
      length += s.length
    }
    return out
  }
  /** A version: sentences dropped, added, a clause reworded, a character changed. */
  const edit = (original: readonly string[]) => {
    const edited: string[] = []
    for (const s of original) {
      const r = random()
      if (r < 0.02) continue // dropped
      if (r < 0.04) { edited.push(s, sentence()); continue } // added after
      if (r < 0.07) { // one clause reworded
        const clauses = s.slice(0, -1).split('，')
        clauses[pick(clauses.length)] = clause()
        edited.push(clauses.join('，') + '。')
        continue
      }
      if (r < 0.09) { // one character changed
        const at = pick(s.length - 1)
        edited.push(s.slice(0, at) + han() + s.slice(at + 1))
        continue
      }
      edited.push(s)
    }
    return edited
  }
  /** Moves about one sentence in 200 (at least one) somewhere else; returns the moved sentences. */
  const move = (edited: string[]) => {
    const moved: string[] = []
    const count = Math.max(1, Math.floor(edited.length / 200))
    for (let i = 0; i < count; i++) {
      const from = pick(edited.length)
      const [sentence] = edited.splice(from, 1)
      let to = pick(edited.length)
      if (Math.abs(to - from) < 3) to = (from + edited.length / 2) % edited.length | 0
      edited.splice(to, 0, sentence)
      moved.push(sentence)
    }
    return moved
  }
  return { sentences, edit, move }
}

/** Sentences joined five to a paragraph. */
function paragraphs(list: readonly string[]): string {
  const out: string[] = []
  for (let i = 0; i < list.length; i += 5) out.push(list.slice(i, i + 5).join(''))
  return out.join('\n\n')
}

/** A pair of about `size` UTF-16 code units each. Same seed, same pair. */
export function generateWitnessPair(size: number, seed: number): WitnessPair {
  const model = textModel(seededRandom(seed))
  const sentences = model.sentences(size)
  const edited = model.edit(sentences)
  const plantedMoves = model.move(edited).length
  return { a: paragraphs(sentences), b: paragraphs(edited), plantedMoves }
}

export interface WitnessSet {
  texts: string[]
  /** Per witness, the sentences moved in it (each moved against every other witness). */
  moved: string[][]
}

/**
 * `count` witnesses of about `size` code units, each a version of one seeded text
 * made by the pair generator's edits and moves, independently. Same seed, same set.
 */
export function generateWitnessSet(size: number, count: number, seed: number): WitnessSet {
  const model = textModel(seededRandom(seed))
  const original = model.sentences(size)
  const texts: string[] = []
  const moved: string[][] = []
  for (let w = 0; w < count; w++) {
    const edited = model.edit(original)
    moved.push(model.move(edited))
    texts.push(paragraphs(edited))
  }
  return { texts, moved }
}
