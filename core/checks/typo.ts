import { fragmentStart } from './fragment'
import { findLayoutBreaks } from './layoutBreak'
import { paragraphShape } from './paragraphShape'
import type { CheckRule, Finding, ParagraphSpan } from './types'

/** One well-known confusion: `wrong` is never right where it occurs, save the listed contexts. */
export interface TypoEntry {
  wrong: string
  right: string
  /** Text right before `wrong` that makes it correct ("不能自已": to be unable to restrain oneself). */
  notAfter?: readonly string[]
  /** Characters right after `wrong` that make it part of another word (文脉博大: 脉 + 博大). */
  notBefore?: string
}

/**
 * The documented list (docs/CHECKS.md): fixed words and idioms whose misspelling
 * is a common confusion of like-sounding or like-looking characters and cannot
 * be read any other way. Confusions that are also right somewhere (的/地/得,
 * 做为, 既使 as in 既使…又…, 凑和 as in 紧凑和…) are left out on purpose.
 */
export const TYPO_LIST: readonly TypoEntry[] = [
  { wrong: '自已', right: '自己', notAfter: ['不能', '难以', '无法', '不可', '情不', '不克'] },
  { wrong: '再接再励', right: '再接再厉' },
  { wrong: '迫不急待', right: '迫不及待' },
  { wrong: '一愁莫展', right: '一筹莫展' },
  { wrong: '按步就班', right: '按部就班' },
  { wrong: '甘败下风', right: '甘拜下风' },
  { wrong: '默守成规', right: '墨守成规' },
  { wrong: '谈笑风声', right: '谈笑风生' },
  { wrong: '针贬时弊', right: '针砭时弊' },
  { wrong: '脉博', right: '脉搏', notBefore: '大学物士览客弈爱' },
  { wrong: '松驰', right: '松弛', notBefore: '骋名援' },
  { wrong: '渡假', right: '度假', notAfter: ['过', '引', '摆', '横', '偷'] },
  { wrong: '重迭', right: '重叠', notBefore: '代起' },
  { wrong: '一股作气', right: '一鼓作气' },
  { wrong: '关怀倍至', right: '关怀备至' },
  { wrong: '言简意骇', right: '言简意赅' },
  { wrong: '金榜提名', right: '金榜题名' },
  { wrong: '穿流不息', right: '川流不息' },
  { wrong: '变本加利', right: '变本加厉' },
  { wrong: '走头无路', right: '走投无路' },
  { wrong: '原形必露', right: '原形毕露' },
  { wrong: '既往不究', right: '既往不咎' },
  { wrong: '貌和神离', right: '貌合神离' },
  { wrong: '不径而走', right: '不胫而走' },
  { wrong: '一如继往', right: '一如既往' },
  { wrong: '世外桃园', right: '世外桃源' },
  { wrong: '滥芋充数', right: '滥竽充数' },
  { wrong: '美仑美奂', right: '美轮美奂' },
  { wrong: '趋之若骛', right: '趋之若鹜' },
  { wrong: '食不裹腹', right: '食不果腹' },
  { wrong: '记忆尤新', right: '记忆犹新' },
  { wrong: '声名雀起', right: '声名鹊起' },
  { wrong: '陈词烂调', right: '陈词滥调' },
  { wrong: '不落巢臼', right: '不落窠臼' },
]

/** English misspellings that are no other word; matched as whole words, any capitalisation of the first letter. */
export const ENGLISH_TYPO_LIST: Readonly<Record<string, string>> = {
  teh: 'the',
  recieve: 'receive',
  recieved: 'received',
  seperate: 'separate',
  seperately: 'separately',
  occured: 'occurred',
  occurence: 'occurrence',
  definately: 'definitely',
  accomodate: 'accommodate',
  acheive: 'achieve',
  beleive: 'believe',
  goverment: 'government',
  enviroment: 'environment',
  thier: 'their',
  untill: 'until',
  wich: 'which',
}

/** Words that doubled are a slip; "that that" and "had had" are grammatical and not listed. */
const DOUBLED_WORDS = new Set('the a an of to in on and is are was for with at by from'.split(' '))

const BRACKET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'],
  ['《', '》'],
  ['（', '）'],
  ['(', ')'],
  ['「', '」'],
  ['『', '』'],
  ['【', '】'],
  ['[', ']'],
]

function findListedTypos(paragraph: ParagraphSpan, findings: Finding[]): void {
  const text = paragraph.text
  for (const entry of TYPO_LIST) {
    for (let at = text.indexOf(entry.wrong); at >= 0; at = text.indexOf(entry.wrong, at + 1)) {
      if (entry.notAfter?.some((context) => text.slice(0, at).endsWith(context))) continue
      const following = text[at + entry.wrong.length]
      if (following !== undefined && entry.notBefore?.includes(following)) continue
      const start = paragraph.start + at
      const end = start + entry.wrong.length
      findings.push({ rule: 'typo', start, end, message: `"${entry.wrong}" is a misspelling of "${entry.right}".`, fix: { start, end, text: entry.right } })
    }
  }
  for (const match of text.matchAll(/(?<![\p{L}\p{N}])\p{L}+(?![\p{L}\p{N}])/gu)) {
    const word = match[0]
    const right = ENGLISH_TYPO_LIST[word.toLowerCase()]
    if (right === undefined || !(word === word.toLowerCase() || word === word[0].toUpperCase() + word.slice(1).toLowerCase())) continue
    const fixed = word[0] === word[0].toUpperCase() ? right[0].toUpperCase() + right.slice(1) : right
    const start = paragraph.start + match.index
    findings.push({ rule: 'typo', start, end: start + word.length, message: `"${word}" is a misspelling of "${fixed}".`, fix: { start, end: start + word.length, text: fixed } })
  }
  for (const match of text.matchAll(/\b([A-Za-z]+) +\1\b/gi)) {
    const first = match[1]
    if (!DOUBLED_WORDS.has(first.toLowerCase())) continue
    const start = paragraph.start + match.index
    const end = start + match[0].length
    findings.push({ rule: 'typo', start, end, message: `"${first}" is doubled.`, fix: { start, end, text: first } })
  }
}

function findDoubledPunctuation(paragraph: ParagraphSpan, findings: Finding[]): void {
  // Doubled commas, stops and colons are slips; ！！ and ？？ are emphasis, "..." and "……" ellipses, "——" a dash.
  for (const match of paragraph.text.matchAll(/([，。、；：,;:])\1+|(?<![.\d])\.\.(?![.\d/])/g)) {
    const start = paragraph.start + match.index
    const end = start + match[0].length
    findings.push({ rule: 'typo', start, end, message: `Doubled punctuation "${match[0]}".`, fix: { start, end, text: match[0][0] } })
  }
}

/** Where each unmatched bracket or quotation mark of `text` sits, with what is missing. */
function unmatchedMarks(text: string): Array<{ at: number; message: string }> {
  const problems: Array<{ at: number; message: string }> = []
  for (const [open, close] of BRACKET_PAIRS) {
    if (!text.includes(open) && !text.includes(close)) continue
    const stack: number[] = []
    for (let i = 0; i < text.length; i++) {
      if (text[i] === open) stack.push(i)
      else if (text[i] === close) {
        if (stack.length > 0) stack.pop()
        // A list label "1)" or "a)" and a smiley ":)" close nothing.
        else if (!((close === ')' || close === '）') && (/^\s*[0-9０-９A-Za-z一二三四五六七八九十]{1,3}$/.test(text.slice(0, i)) || /[:;]/.test(text[i - 1] ?? '')))) {
          problems.push({ at: i, message: `"${close}" closes nothing: no "${open}" before it in this paragraph.` })
        }
      }
    }
    for (const at of stack) problems.push({ at, message: `"${open}" is never closed: no "${close}" after it in this paragraph.` })
  }
  return problems
}

function findUnbalanced(text: string, paragraphs: readonly ParagraphSpan[], findings: Finding[]): void {
  // A paragraph cut by the layout is checked together with its continuation.
  const breaks = findLayoutBreaks(paragraphs, text)
  const joined = new Set(breaks.filter((cut) => cut.continued).map((cut) => cut.paragraph))
  const cutOff = new Set(breaks.filter((cut) => !cut.continued).map((cut) => cut.paragraph))
  for (let first = 0; first < paragraphs.length; ) {
    let last = first
    while (joined.has(last) && last + 1 < paragraphs.length) last++
    const pieces = paragraphs.slice(first, last + 1)
    const unit = pieces.map((piece) => piece.text).join('')
    const next = paragraphs[last + 1]?.text.trimStart() ?? ''
    // A piece whose start or end is elsewhere lost the other mark with it: the fragment and layout-break rules report that.
    const startsElsewhere = fragmentStart(paragraphShape(pieces[0])) !== null
    const endsElsewhere = cutOff.has(last)
    for (const problem of unmatchedMarks(unit)) {
      const closesNothing = problem.message.includes('closes nothing')
      if ((closesNothing && startsElsewhere) || (!closesNothing && endsElsewhere)) continue
      // A quotation running over several paragraphs opens each with “ and closes only the last.
      if (problem.message.startsWith('"“"') && next.startsWith('“')) continue
      let offset = problem.at
      let piece = 0
      while (offset >= pieces[piece].text.length) offset -= pieces[piece++].text.length
      const start = pieces[piece].start + offset
      findings.push({ rule: 'typo', start, end: start + 1, message: problem.message })
    }
    first = last + 1
  }
}

export const typo: CheckRule = {
  id: 'typo',
  description: 'Well-known character confusions in fixed words (documented list), doubled words and punctuation, unbalanced quotation marks and brackets.',
  run(text, paragraphs) {
    const findings: Finding[] = []
    for (const paragraph of paragraphs) {
      findListedTypos(paragraph, findings)
      findDoubledPunctuation(paragraph, findings)
    }
    findUnbalanced(text, paragraphs, findings)
    return findings.sort((a, b) => a.start - b.start || a.end - b.end)
  },
}
