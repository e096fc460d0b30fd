import { describe, expect, it } from 'vitest'
import { alignWitnesses, collateWitnesses, type Collation } from '../../../core/align'
import { seededRandom } from '../../../bench/seededRandom'
import { checkAlignment } from './checkAlignment'
import { checkCollation } from './checkCollation'

/*
 * Displaced text planted in seeded witness sets, in Chinese and in English:
 * - far: a block of one or two units moved at least six units away;
 * - adjacent: a block moved past one or two neighbouring units (often short ones,
 *   shorter than a reportable move), so it stands next to its old place;
 * - misplaced: in a text of numbered sections, a witness lost the end of one
 *   section and the heading and opening of the next, so the rest of that next
 *   section stands under the wrong heading, in the same order as before.
 * Every planted block of at least 20 code units must be reported as a move
 * (a place overlapping at least half of it in its witness). For an adjacent move
 * past a neighbour that is itself reportable and no longer than the block, the
 * neighbour reported as moved is the same transposition told the shorter way.
 */

type Language = 'zh' | 'en'
interface Unit { text: string; movable: boolean }

function units(random: () => number, language: Language) {
  const pick = (n: number) => Math.floor(random() * n)
  const han = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + pick(6000))).join('')
  const word = () => Array.from({ length: 3 + pick(6) }, () => String.fromCharCode(97 + pick(26))).join('')
  const words = (n: number) => Array.from({ length: n }, word).join(' ')
  /** A clause or sentence; `short` ones (4–9 code units) are below the default shortest move. */
  const unit = (short: boolean): string => {
    if (language === 'zh') return han(short ? 3 + pick(5) : 12 + pick(28)) + (random() < 0.5 ? '，' : '。')
    const text = short ? word() : words(4 + pick(7))
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${random() < 0.5 ? ', ' : '. '}`
  }
  return { pick, unit, han, words }
}

interface Planted { witness: number; block: string; partner: string | null }


function plantMoves(language: Language, seed: number): { texts: string[]; planted: Planted[] } {
  const random = seededRandom(seed)
  const { pick, unit } = units(random, language)
  const original: Unit[] = Array.from({ length: 30 + pick(30) }, () => ({ text: unit(random() < 0.3), movable: true }))
  const texts = [original.map((u) => u.text).join('')]
  const planted: Planted[] = []
  const witnessCount = 2 + pick(3)
  for (let w = 1; w < witnessCount; w++) {
    const items = original.map((u) => ({ ...u }))
    // edits elsewhere: a changed character, a dropped or an added unit
    for (let i = items.length - 1; i >= 0; i--) {
      const r = random()
      if (r < 0.04) items.splice(i, 1)
      else if (r < 0.08) items.splice(i + 1, 0, { text: unit(false), movable: false })
      else if (r < 0.14) {
        const s = items[i].text
        const at = pick(Math.max(1, s.length - 2))
        items[i] = { text: s.slice(0, at) + (language === 'zh' ? String.fromCharCode(0x4e00 + pick(6000)) : 'q') + s.slice(at + 1), movable: false }
      }
    }
    for (let m = 1 + pick(2); m > 0; m--) {
      const adjacent = random() < 0.6
      const count = 1 + pick(2)
      const from = 1 + pick(items.length - count - 4)
      const block = items.slice(from, from + count)
      if (!block.every((u) => u.movable)) continue
      const text = block.map((u) => u.text).join('')
      if (text.length < 20) continue
      items.splice(from, count)
      const left = [items[from - 1], items[from]].filter((u) => u !== undefined)
      let to: number
      let passed: Unit[] = []
      if (adjacent) {
        const step = 1 + pick(2)
        to = random() < 0.5 ? Math.min(items.length, from + step) : Math.max(0, from - step)
        passed = to > from ? items.slice(from, to) : items.slice(to, from)
      } else {
        to = (from + 6 + pick(Math.max(1, items.length - 12))) % (items.length + 1)
        if (Math.abs(to - from) < 6) to = from + 6 <= items.length ? from + 6 : Math.max(0, from - 6)
      }
      // each plant stands among unedited text, apart from the other plants
      const landing = [items[to - 1], items[to]].filter((u) => u !== undefined)
      if (!passed.every((u) => u.movable) || !landing.every((u) => u.movable)) {
        items.splice(from, 0, ...block)
        continue
      }
      items.splice(to, 0, ...block.map((u) => ({ ...u, movable: false })))
      for (const u of [...passed, ...landing, ...left]) u.movable = false
      const partner = passed.map((u) => u.text).join('')
      planted.push({ witness: w, block: text, partner: adjacent && partner.length >= 12 && partner.length <= text.length ? partner : null })
    }
    texts.push(items.map((u) => u.text).join(''))
  }
  return { texts, planted }
}

/**
 * A text of numbered sections ("3. Heading words." / "（三）标题。" then body units,
 * one paragraph a section) or of titled ones (a title line, then the body
 * paragraph), by seed; witness 1 lost the body of section k after its heading
 * and the heading and first body unit of section k + 1. Returns the rest of section
 * k + 1's body (what now stands under heading k) as the planted block.
 */
function plantMisplaced(language: Language, seed: number): { texts: string[]; planted: Planted[] } {
  const random = seededRandom(seed)
  const { pick, unit, han, words } = units(random, language)
  const ZH_NUMBERS = '一二三四五六七八九'
  const sectionCount = 4 + pick(4)
  // numbered points in the paragraph's first sentence, or titles on a line of their own
  const titled = seed % 2 === 0
  const sections = Array.from({ length: sectionCount }, (_, i) => {
    const heading = titled
      ? `${language === 'zh' ? han(3 + pick(5)) : words(1 + pick(3)).replace(/^./, (c) => c.toUpperCase())}\n\n`
      : language === 'zh' ? `（${ZH_NUMBERS[i]}）${han(6 + pick(8))}。` : `${i + 1}. ${words(2 + pick(3))}. `
    const body = Array.from({ length: 3 + pick(3) }, () => unit(false))
    return { heading, body }
  })
  const render = (list: Array<{ heading: string; body: string[] }>) => list.map((s) => s.heading + s.body.join('')).join('\n\n')
  const k = pick(sectionCount - 1)
  const damaged = sections.map((s) => ({ heading: s.heading, body: [...s.body] }))
  const rest = damaged[k + 1].body.slice(1)
  damaged[k] = { heading: damaged[k].heading, body: rest }
  damaged.splice(k + 1, 1)
  return { texts: [render(sections), render(damaged)], planted: [{ witness: 1, block: rest.join(''), partner: null }] }
}

function movedAt(c: Collation, witness: number, text: string, block: string): boolean {
  const start = text.indexOf(block)
  expect(text.lastIndexOf(block), 'a planted block occurs once').toBe(start)
  const end = start + block.length
  return c.moves.some((m) => m.places.some((p) => p.witness === witness && Math.min(p.range[1], end) - Math.max(p.range[0], start) >= block.length / 2))
}

function expectFound(language: Language, seed: number, set: { texts: string[]; planted: Planted[] }): number {
  const { texts, planted } = set
  const c = checkCollation(texts, collateWitnesses(texts))
  for (const p of planted) {
    const found = movedAt(c, p.witness, texts[p.witness], p.block) || (p.partner !== null && movedAt(c, p.witness, texts[p.witness], p.partner))
    expect(found, `${language} seed ${seed}: witness ${p.witness} block "${p.block}" reported as moved\n${JSON.stringify(c.moves)}`).toBe(true)
    // the same block found by the pairwise aligner against the base
    const pair = checkAlignment(texts[0], texts[p.witness], alignWitnesses(texts[0], texts[p.witness]))
    const start = texts[p.witness].indexOf(p.block)
    const overlaps = (range: [number, number], s: number, e: number) => Math.min(range[1], e) - Math.max(range[0], s) >= (e - s) / 2
    const partnerAt = p.partner === null ? -1 : texts[p.witness].indexOf(p.partner)
    const pairFound = pair.moves.some((m) => overlaps(m.b, start, start + p.block.length) || (partnerAt >= 0 && overlaps(m.b, partnerAt, partnerAt + p.partner!.length)))
    expect(pairFound, `${language} seed ${seed}: pairwise move for "${p.block}"`).toBe(true)
  }
  return planted.length
}

describe('displaced blocks on seeded witness sets', () => {
  for (const language of ['zh', 'en'] as const) {
    it(`reports every planted far or adjacent moved block of ≥ 20 units as a move (${language})`, () => {
      let count = 0
      for (let seed = 1; seed <= 40; seed++) count += expectFound(language, seed, plantMoves(language, seed))
      expect(count, 'enough planted blocks to mean something').toBeGreaterThanOrEqual(50)
    })

    it(`reports a section's body left under the previous heading as one moved block (${language})`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const set = plantMisplaced(language, 100 + seed)
        expectFound(language, seed, set)
        // one block: a single move holds the whole misplaced passage in the damaged witness
        const c = collateWitnesses(set.texts)
        const text = set.texts[1]
        const start = text.indexOf(set.planted[0].block)
        const end = start + set.planted[0].block.length
        const holding = c.moves.filter((m) => m.places.some((p) => p.witness === 1 && p.range[0] <= start && p.range[1] >= end))
        expect(holding, `${language} seed ${seed}`).toHaveLength(1)
      }
    })
  }

  for (const language of ['zh', 'en'] as const) {
    it(`reports no move where sections were only dropped, added, left without heading or edited (${language})`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const random = seededRandom(500 + seed)
        const { pick, unit, han, words } = units(random, language)
        const ZH_NUMBERS = '一二三四五六七八九'
        const titled = seed % 2 === 0
        const heading = (i: number) => (titled
          ? `${language === 'zh' ? han(3 + pick(5)) : words(1 + pick(3))}\n\n`
          : language === 'zh' ? `（${ZH_NUMBERS[i]}）${han(6 + pick(8))}。` : `${i + 1}. ${words(2 + pick(3))}. `)
        const sections = Array.from({ length: 6 }, (_, i) => ({ heading: heading(i), body: Array.from({ length: 3 + pick(3) }, () => unit(false)) }))
        const render = (list: typeof sections) => list.map((x) => x.heading + x.body.join('')).join('\n\n')
        const base = render(sections)
        const k = 1 + pick(4)
        const variants = [
          sections.filter((_, i) => i !== k), // a whole section dropped
          sections.map((x, i) => (i === k ? { heading: '', body: x.body } : x)), // a heading dropped, its body kept
          [...sections.slice(0, k), { heading: heading(8), body: [unit(false), unit(false)] }, ...sections.slice(k)], // a section added
          sections.map((x, i) => (i === k ? { heading: x.heading, body: [unit(false), ...x.body.slice(1)] } : x)), // a sentence rewritten
          sections.map((x, i) => (i === k ? { heading: x.heading, body: x.body.slice(0, 1) } : x)), // the end of a section dropped
        ]
        for (const [v, list] of variants.entries()) {
          const text = render(list)
          const alignment = checkAlignment(base, text, alignWitnesses(base, text))
          expect(alignment.moves, `${language} seed ${seed} variant ${v}`).toEqual([])
        }
      }
    })
  }

  it('reports no move where lines of a poem were dropped (short unpunctuated lines are no headings)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const random = seededRandom(900 + seed)
      const { pick, han, words } = units(random, seed % 2 === 0 ? 'zh' : 'en')
      const line = () => (seed % 2 === 0 ? han(5 + pick(3)) : words(3 + pick(3)))
      const stanzas = Array.from({ length: 5 }, () => Array.from({ length: 4 }, line))
      const base = stanzas.map((st) => st.join('\n')).join('\n\n')
      const k = pick(4)
      const cut = stanzas.map((st, i) => (i === k ? st.slice(0, 1) : i === k + 1 ? st.slice(2) : st))
      const text = cut.map((st) => st.join('\n')).join('\n\n')
      expect(checkAlignment(base, text, alignWitnesses(base, text)).moves, `seed ${seed}`).toEqual([])
    }
  })
})
