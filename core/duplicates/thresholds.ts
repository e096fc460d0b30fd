/**
 * Every tuning constant of the duplicate finder, each with the example that sets it.
 * docs/DUPLICATES.md explains how they fit together.
 */

/**
 * Seed length in units (a unit is one Han character or one word).
 * Example: a near copy of a 30-character Han passage with three one-character edits
 * still has, on average, exact runs of about 7 characters between the edits, so a
 * 6-unit seed finds it; an English copy with one changed word in 15 keeps 6-word
 * runs on either side of the change.
 */
export const SEED_UNITS = 6

/**
 * Default minimum passage length: 30 Han characters, or 80 letters and digits of
 * Latin-script text (about 15 English words, one long sentence); mixed passages
 * count each script against its own minimum and must reach 1 in total.
 * Example: "当地时间6月17日上午，国家主席习近平在阿斯塔纳出席第二届中国－中亚峰会期间会见"
 * has 34 Han characters and 3 digits: 34/30 + 3/80 = 1.17 ≥ 1, long enough; the
 * salutation "同事们、朋友们！" has 6: 6/30 = 0.2, too short to be a passage (it can
 * still be boilerplate when it is a whole repeated paragraph). In English,
 * "Reporting by Jane Doe; editing by John Smith" has 35 letters: 35/80 = 0.44, too short.
 * Why 30: shorter Han repeats in news text are set phrases and titles
 * ("第二届中国－中亚峰会", 9 characters), not reprinted passages.
 */
export const MIN_HAN_CHARS = 30
export const MIN_LATIN_CHARS = 80

/**
 * Lowest similarity (1 − edits / longer length, in units) for two passages to be
 * copies. Example: a 200-character paragraph reprinted with 20 characters changed
 * has similarity 0.9 and is kept: "edits up to about a tenth" is 0.9, with room for
 * uneven edits; two unrelated sentences sharing a 30-character quotation inside 200
 * characters score far lower (their alignment stops at the quotation anyway).
 */
export const MIN_SIMILARITY = 0.85

/**
 * Extension through edits, a banded X-drop alignment: a matched unit scores +1, a
 * substituted, inserted or deleted unit −GAP_PENALTY; the copies may drift at most
 * BAND units apart; extension stops once the score falls X_DROP below its best, and
 * the passage ends where the score was best. A stretch is taken in only if more than
 * GAP_PENALTY / (GAP_PENALTY + 1) = 80 % of it matches.
 * Example: "…重要贡献。要弘扬…" against "…重要贡献。我们要弘扬…": after "贡献" the
 * second copy has 2 extra units ("我们"), costing 2 × 4 = 8, which the following 40
 * matched characters repay. Past the true end of a copy the texts differ, each unit
 * costs 4, and after about 8 units (30 / 4) the extension gives up; the end stays
 * where the copies last agreed.
 */
export const GAP_PENALTY = 4
/**
 * A word costs less to edit than a Han character: a word is several letters, so
 * English copies edited in 10 % of their letters can differ in 20 % of their words
 * (one-letter typos are cheaper still, see NEAR_WORD_LETTERS). With 3, a stretch of words is
 * taken in when more than 75 % of it matches. Example: "…zozi wopetdi hor me. Tinoc
 * hodfokne cutuj betba" against "…zozi tezi wopetdi hor me. Tinoc hodfokne betba":
 * an inserted and a deleted word cost 6 and the 7 matched words repay them.
 */
export const WORD_GAP_PENALTY = 3

/**
 * Shortest word (the longer of the two, in letters) that can be a typo of another
 * (`nearWords`). Two aligned words one letter apart score NEAR_WORD_SCORE instead of
 * −WORD_GAP_PENALTY and count as a quarter of an edit (NEAR_WORD_EDIT), about what one
 * letter is of a word. Example: "Vaksan rufi, … lulnac vaksan herun. Nuz vovsondo …
 * picsuci mo vanhigo …" reprinted as "Vaksan su rufi, … lulnac vaksan herux. Nuz vovxondo …
 * pxcsuci mo vanhigx …": 8.6 % of the characters but 9 of 35 words changed, 6 of them
 * typos; counted whole, the copy would have similarity 0.74 and local stretches below
 * the 75 % the extension needs; with typos at a quarter, 3 + 6 × 0.25 = 4.5 edits,
 * similarity 0.87. "cat"/"cut" (3 letters) are not near: one letter is a third of the
 * word, as likely another word as a slip.
 */
export const NEAR_WORD_LETTERS = 4
export const NEAR_WORD_SCORE = 0
export const NEAR_WORD_EDIT = 0.25
export const BAND = 8
export const X_DROP = 30

/**
 * Two aligned pieces of the same pair of copies, one after the other in both, are
 * joined when the joined alignment still has similarity ≥ MIN_SIMILARITY (gap
 * measured by edit distance) and the smaller piece repays its gap (matched units ≥
 * gap), or, if it does not, it is a paragraph's opening or closing words in both copies.
 * Example: a 320-character speech paragraph reprinted with a 23-character clause
 * replaced by 3 characters ("中方支持…愿同各方" → "我们要"): the two copies drift
 * 20 units apart, more than BAND, so the opening "五要维护公正合理、平等有序的国际秩序"
 * (16 characters, both copies' paragraph start) and the remaining 300 characters align separately;
 * 23 edits in 339 units is similarity 0.93, so they join into one near copy.
 */

/**
 * A copy that stops at most SNAP_UNITS short of its paragraph's end (or start) in
 * both places, where the leftover units differ in at most half of them (unit edit
 * distance), is stretched to the paragraph boundary, the leftover counted as edits;
 * the stretched pair must still reach MIN_SIMILARITY. Edits are spread at random, so
 * in a copy edited in a tenth of its characters some 20-unit stretch at one end often
 * holds a quarter of them, too dense for the extension (which needs 75–80 % matches
 * locally) yet plainly the same paragraph opening. Example (the 10 MB benchmark):
 * "屉薙烁監齯獼，栏鲴楏肨颮耟炼、庿溔衘誅匤楏！鰤薙唠…" against
 * "屉薙烁監齯禕，栏鲴楏肨颮耟、庿溔衘誅衘霓！鰤絗薙唠…": the extension stops at "薙唠", 20
 * units into both paragraphs; the heads differ in 5 units (a substitution, a
 * deletion, two substitutions, an insertion), 5 × 2 ≤ 20, so they are taken in. A
 * slot-filled lead such as "…期间会见吉尔吉斯斯坦总统扎帕罗夫" against
 * "…期间会见塔吉克斯坦总统拉赫蒙" is not: of the 12 and 10 leftover units only "斯坦总统"
 * agree, 8 edits, more than half. Unrelated text after a shared sentence differs in
 * nearly every unit. Why 32 rather than 12: in the benchmark 6 of 431 edited copies
 * lost 14–24 units at one end with 12.
 */
export const SNAP_UNITS = 32

/**
 * A passage that ends fewer than BLEED_UNITS units into a paragraph it entered
 * (or starts that close to the end of the paragraph it leaves) is cut back to the
 * paragraph boundary. Example: two copies followed by different paragraphs that
 * both begin "习近平" would otherwise grow by those 3 characters into unrelated text.
 */
export const BLEED_UNITS = 8

/**
 * Two intervals are the same copy (one place, one occurrence) when both their starts
 * and their ends lie within EXTENT_TOLERANCE units: the same copy seen from two pairs,
 * whose extensions stopped a few units apart. Farther apart they are copies of
 * different extent and go to different clusters (#18). Worked example (the sample):
 * the news lead on line 93 is aligned with line 79 and with lines 109 and 125, each
 * time over units 3281–3343: one place, one cluster of four. The feature block's
 * paragraphs 2–7 (units from 7066) and paragraphs 1–2 (from 7013) start 53 units
 * apart: two places, two clusters. As many as BLEED_UNITS, the units a copy may poke
 * into a neighbouring paragraph before it is cut back.
 */
export const EXTENT_TOLERANCE = BLEED_UNITS

/**
 * Candidates checked per seed (most recent first): bounds the time spent on very
 * common seeds (a phrase printed hundreds of times) so that the scan stays linear.
 */
export const MAX_CANDIDATES = 16

/**
 * Two-hit rule (as in BLAST): a seed whose exact run is shorter than SHORT_RUN units
 * is extended through edits only if, past one of its ends, on some diagonal at most
 * PROBE_DRIFT away, at least PROBE_MATCHES of the next PROBE_UNITS units agree (after
 * a substitution, insertion or deletion the copies go on along a nearby diagonal).
 * Most short runs are chance phrases (in the 10 MB benchmark text 46 000 of the
 * 47 800 seeds with an earlier same-hash seed have runs of 6–8 units, and only a few
 * dozen of them start a copy); each banded extension costs about 150 cells, the probe
 * at most 2 × 9 × 8 comparisons. A copy is not lost when its first seed is skipped:
 * the scan goes on to its next seeds. Example: "出席中国－中亚峰会期间会见" and
 * "中国－中亚峰会在阿斯塔纳举行" share the run "中国中亚峰会" (6 units; the dash is
 * punctuation) and nothing around it ("期间会见" against "在阿斯塔纳举行": no diagonal has
 * 4 agreeing units), so the pair is not extended. A copy with typos every few words,
 * "…pari lulnac vaksan herun. Nuz vovsondo vaksan, ko vaksan…" against "…pari vaksan
 * lulnac vaksan herux. Nuz vovxondo vaksan, su vaksan…", is: one diagonal over (the
 * inserted "vaksan") 5 of the 8 units after "pari" agree, though no 3 in a row do.
 * In unrelated text a unit agrees with its counterpart by chance a few times in a
 * hundred, so 4 of 8 on one of 9 diagonals is rare.
 * SHORT_RUN = 9 is the run winnowing guarantees a seed for (4 + 6 − 1).
 */
export const SHORT_RUN = 9
export const PROBE_MATCHES = 4
export const PROBE_UNITS = 8
export const PROBE_DRIFT = 4

/**
 * Winnowing window: of every 4 consecutive seeds only the one with the smallest hash
 * is kept (about 2 in 5), which cuts the random memory accesses that dominate the scan. Any exact run of 4 + 6 − 1 = 9 units is still seeded. Example: a
 * near copy with one edit every 10 Han characters keeps exact runs of about 9, and
 * one run of 9 anywhere in the copy is enough to start the extension, which then
 * walks through the edits.
 */
export const WINNOW_WINDOW = 4

/**
 * A passage repeated at least FORMULA_MIN_COUNT times, shorter than
 * FORMULA_LENGTH_FACTOR times the minimum length, that in every occurrence stops
 * mid-sentence is a formula with slots (a news lead such as
 * "当地时间…上午，国家主席习近平在…会见" followed by a different name each time),
 * so it is boilerplate. Example: the 37-unit lead above is < 2 × 30 and is followed
 * by "吉尔吉斯斯坦总统…" or "塔吉克斯坦总统…" in the same sentence.
 */
export const FORMULA_LENGTH_FACTOR = 2
/**
 * Why three: a near copy printed twice whose last words were edited also stops
 * mid-sentence, and calling a real reprint boilerplate would hide it; a formula
 * shows itself by recurring (the sample's lead occurs four times).
 */
export const FORMULA_MIN_COUNT = 3

/**
 * Whole paragraphs shorter than the minimum passage length that occur two or more
 * times are boilerplate (datelines, bylines, salutations, "attended the above
 * events" lines) if they have at least this many units. Example: "同事们、朋友们！"
 * (6 units) qualifies; a lone page number "3" (1 unit) does not.
 */
export const MIN_BOILERPLATE_UNITS = 2

/**
 * Weighs a passage's characters against the per-script minimum.
 * Returns true when the passage is long enough. `minLength`, when given, replaces
 * the per-script rule by a plain count of characters (Han characters plus letters
 * and digits; spaces and punctuation do not count).
 * Example: 24 Han characters and 20 letters: 24/30 + 20/80 = 1.05, long enough.
 */
export function isLongEnough(hanChars: number, otherChars: number, minLength?: number): boolean {
  if (minLength !== undefined) return hanChars + otherChars >= minLength
  return hanChars * MIN_LATIN_CHARS + otherChars * MIN_HAN_CHARS >= MIN_HAN_CHARS * MIN_LATIN_CHARS
}

/** The passage length as a fraction of the minimum (1 = exactly the minimum); used for the formula rule. */
export function lengthRatio(hanChars: number, otherChars: number, minLength?: number): number {
  if (minLength !== undefined) return (hanChars + otherChars) / minLength
  return hanChars / MIN_HAN_CHARS + otherChars / MIN_LATIN_CHARS
}
