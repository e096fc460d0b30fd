import { seededRandom } from '../seededRandom'

/** Common characters of modern Chinese prose, drawn from at random (no network, no corpus). */
const CHARACTERS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质质'
    .replace(/(.)(?=.*\1)/g, '')

/**
 * A seeded Chinese text of `paragraphs` paragraphs (blank lines between them),
 * ~34 characters a paragraph on average as in the newspaper sample:
 * one to three clauses of 6–20 characters, each ended by ， or 。. The first
 * paragraph is `title`, so texts of different lengths have different content
 * hashes. The same seed gives the same text on every machine.
 */
export function chineseBook(title: string, paragraphs: number, seed = 21): string[] {
  const random = seededRandom(seed)
  const pick = (n: number) => Math.floor(random() * n)
  const out = [title]
  while (out.length < paragraphs) {
    const clauses = 1 + pick(3)
    let text = ''
    for (let c = 0; c < clauses; c++) {
      const length = 6 + pick(15)
      for (let k = 0; k < length; k++) text += CHARACTERS[pick(CHARACTERS.length)]
      text += c === clauses - 1 ? '。' : '，'
    }
    out.push(text)
  }
  return out
}
