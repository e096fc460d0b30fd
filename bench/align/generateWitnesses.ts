/**
 * Seeded witness pairs for the alignment benchmark: CJK sentences with Latin words
 * and numbers mixed in, and a second version with reworded clauses, deleted and
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

/** A pair of about `size` UTF-16 code units each. Same seed, same pair. */
export function generateWitnessPair(size: number, seed: number): WitnessPair {
  const random = seededRandom(seed)
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
  const sentences: string[] = []
  let length = 0
  while (length < size) {
    const s = sentence()
    sentences.push(s)
    length += s.length
  }
  const edited: string[] = []
  for (const s of sentences) {
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
  // Move about one sentence in 200 (at least one) somewhere else.
  const plantedMoves = Math.max(1, Math.floor(edited.length / 200))
  for (let i = 0; i < plantedMoves; i++) {
    const from = pick(edited.length)
    const [moved] = edited.splice(from, 1)
    let to = pick(edited.length)
    if (Math.abs(to - from) < 3) to = (from + edited.length / 2) % edited.length | 0
    edited.splice(to, 0, moved)
  }
  const paragraphs = (list: string[]) => {
    const out: string[] = []
    for (let i = 0; i < list.length; i += 5) out.push(list.slice(i, i + 5).join(''))
    return out.join('\n\n')
  }
  return { a: paragraphs(sentences), b: paragraphs(edited), plantedMoves }
}
