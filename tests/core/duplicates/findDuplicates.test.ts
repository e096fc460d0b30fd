import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findDuplicates, type DuplicateCluster, type Occurrence } from '../../../core/duplicates'
import { tokenize } from '../../../core/duplicates/tokenize'
import { generateText, plantedRecall } from '../../../bench/duplicates/generateText'

const sample = readFileSync(new URL('../../../documents/china-central-asia-summit-2025-06-17.txt', import.meta.url), 'utf8')

/** Every line of `text` that starts with `prefix`, as [start, end) of the whole line. */
function linesStartingWith(text: string, prefix: string): Occurrence[] {
  const found: Occurrence[] = []
  let offset = 0
  for (const line of text.split('\n')) {
    const content = line.endsWith('\r') ? line.slice(0, -1) : line
    if (content.startsWith(prefix)) found.push({ start: offset, end: offset + content.length })
    offset += line.length + 1
  }
  return found
}

/** The normalised units of an occurrence (what "identical" means for duplicates). */
function unitCodes(text: string, o: Occurrence): number[] {
  const units = tokenize(text.slice(o.start, o.end))
  return Array.from(units.code.slice(0, units.count))
}

/** The cluster that has an occurrence starting at `start`. */
function clusterAt(clusters: DuplicateCluster[], start: number): DuplicateCluster {
  const cluster = clusters.find((c) => c.occurrences.some((o) => o.start === start))
  if (!cluster) throw new Error(`no cluster has an occurrence starting at ${start}`)
  return cluster
}

// Real-looking prose without repeats, written for these tests.
const chineseProse = [
  '清晨的江面上还笼着一层薄雾，渡船的汽笛声从对岸传来，早起的人们提着菜篮走过石板路，街角的豆浆铺已经排起了长队。',
  '这座小城的图书馆建于上世纪八十年代，去年完成了改造，新增的儿童阅览区铺上了木地板，窗外就是一片银杏林，秋天落叶时格外好看。',
  '馆长告诉记者，改造后的借阅量比以往增加了三成，周末常有家长带着孩子来听故事会，志愿者多是附近学校的退休教师。',
  '从图书馆往东走两公里，是新修的滨江步道。傍晚时分，跑步的年轻人和散步的老人在这里相遇，江风吹散了白天的暑气。',
  '当地农业部门的技术员正在田间查看秧苗长势。今年春季雨水偏多，他们提前组织农户疏通沟渠，并推广了抗倒伏的新品种。',
  '一位种粮大户说，过去靠天吃饭，现在手机上就能看到土壤墒情和天气预报，什么时候施肥、什么时候收割，心里都有了底。',
  '夜幕降临，老街上的灯笼次第亮起，手艺人在摊位前捏着面人，游客们举着相机记录下这些渐渐少见的民间技艺。',
].join('\n\n')

const englishProse = [
  'The lighthouse at the end of the harbour wall was switched off for the last time in 1987, when satellite navigation made its slow beam unnecessary.',
  'For years afterwards the building stood empty. Gulls nested in the lamp room, and the iron stair that spirals up the tower rusted through in two places.',
  'Then a group of retired fishermen raised enough money to repair the roof and open the ground floor as a small museum of charts, ropes and photographs.',
  'Visitors now climb a new timber staircase to the gallery, where on a clear afternoon the view reaches across the bay to the hills on the far shore.',
  'The volunteers keep a logbook by the door. Most entries mention the weather; a few describe grandparents who once kept the light burning through winter storms.',
  'Next spring the council plans to light the lantern again, not to guide ships but to mark the anniversary of the night the lifeboat crew saved eleven sailors.',
].join('\n\n')

describe('findDuplicates', () => {
  const report = findDuplicates(sample)
  const clusters = report.clusters

  // #18: the block was reported as one "exact, similarity 1.00" cluster whose copies were 651, 598 and 155 characters long.
  it('splits the reprinted feature-story block into clusters of matching extent: paragraphs 2–7 twice, paragraphs 1–2 twice', () => {
    const opening = linesStartingWith(sample, '据联合国开发计划署估算')
    const second = linesStartingWith(sample, '建“一带一路”与哈萨克斯坦')
    const last = linesStartingWith(sample, '“札纳塔斯未来5到10年')
    expect(opening).toHaveLength(2)
    expect(second).toHaveLength(3)
    expect(last).toHaveLength(2)
    // Paragraphs 1–7 once, 2–7 again, then 1–2 a third time.
    expect(clusters.filter((c) => c.occurrences.some((o) => o.start >= opening[0].start && o.end <= second[2].end))).toEqual([
      { kind: 'exact', similarity: 1, occurrences: [{ start: opening[0].start, end: second[0].end }, { start: opening[1].start, end: second[2].end }], pairs: [{ a: 0, b: 1, similarity: 1 }] },
      { kind: 'exact', similarity: 1, occurrences: [{ start: second[0].start, end: last[0].end }, { start: second[1].start, end: last[1].end }], pairs: [{ a: 0, b: 1, similarity: 1 }] },
    ])
  })

  it('finds point five of the speech at each extent it was printed, with a similarity per pair', () => {
    const pointFive = linesStartingWith(sample, '五要维护公正合理')
    const datelines = linesStartingWith(sample, '新华社阿斯塔纳6月17日电')
    // The paragraph after point five, three times (the third does not start a line).
    const thisYearEnd = (from: number) => sample.indexOf('稳定性确定性。', from) + '稳定性确定性。'.length
    const lastly = linesStartingWith(sample, '习近平最后指出')
    const closing = linesStartingWith(sample, '当前，中国正在以中国式现代化')[0]
    expect(pointFive).toHaveLength(3)
    expect(lastly).toHaveLength(2)
    const dateline = (after: number) => datelines.find((d) => d.start > after)!
    // Point five, its second paragraph, the closing paragraph and the dateline, reprinted on the continuation page with a clause rewritten.
    expect(clusterAt(clusters, pointFive[0].start)).toEqual({
      kind: 'near',
      similarity: 0.9264,
      occurrences: [
        { start: pointFive[0].start, end: dateline(pointFive[0].start).end },
        { start: pointFive[1].start, end: dateline(pointFive[1].start).end },
      ],
      pairs: [{ a: 0, b: 1, similarity: 0.9264 }],
    })
    // Point five and its second paragraph alone, three times: the third adds "我们".
    const three = clusters.find((c) => c.occurrences.length === 3 && c.occurrences[0].start === pointFive[0].start)
    expect(three).toEqual({
      kind: 'near',
      similarity: 0.8863,
      occurrences: pointFive.map((line) => ({ start: line.start, end: thisYearEnd(line.start) })),
      pairs: [
        { a: 0, b: 1, similarity: 0.8863 },
        { a: 0, b: 2, similarity: 0.9977 },
      ],
    })
    // The closing sentence's core: identical in the two closing paragraphs, a near copy in the speech's own close.
    // Up to "实现共同发展，": an occurrence that stops inside a paragraph takes the punctuation after it.
    const core = (line: Occurrence) => ({ start: sample.indexOf('中国正在', line.start), end: sample.indexOf('实现共同发展，', line.start) + '实现共同发展，'.length })
    const end = sample.indexOf('实现共同发展。', closing.start) + '实现共同发展。'.length
    expect(clusterAt(clusters, core(lastly[1]).start)).toEqual({
      kind: 'near',
      similarity: 0.925,
      occurrences: [core(lastly[0]), core(lastly[1]), { start: sample.indexOf('中国正在', closing.start), end }],
      pairs: [
        { a: 0, b: 1, similarity: 1 },
        { a: 1, b: 2, similarity: 0.925 },
      ],
    })
  })

  it('labels a cluster exact only when its copies are identical end to end, and gives every copy a pair', () => {
    const units = (o: Occurrence) => unitCodes(sample, o)
    for (const c of clusters) {
      const compared = new Set(c.pairs.flatMap((p) => [p.a, p.b]))
      expect(compared.size).toBe(c.occurrences.length)
      expect(c.similarity).toBe(Math.min(...c.pairs.map((p) => p.similarity)))
      if (c.kind !== 'exact') continue
      for (const o of c.occurrences) expect(units(o)).toEqual(units(c.occurrences[0]))
    }
    expect(clusters.some((c) => c.kind === 'exact' && new Set(c.occurrences.map((o) => o.end - o.start)).size > 1)).toBe(false)
  })

  it('finds a sentence reused in the differing version of the five-point section', () => {
    const start = sample.indexOf('共同打造从中央到地方')
    const again = sample.indexOf('共同打造从中央到地方', start + 1)
    const end = (from: number) => sample.indexOf('格局。', from) + 3
    const cluster = clusterAt(clusters, start)
    expect(cluster).toEqual({ kind: 'exact', similarity: 1, occurrences: [{ start, end: end(start) }, { start: again, end: end(again) }], pairs: [{ a: 0, b: 1, similarity: 1 }] })
  })

  it('classes datelines, the salutation and "attended the above events" lines as boilerplate', () => {
    for (const [prefix, count] of [['同事们、朋友们！', 4], ['蔡奇、王毅等参加上述活动。', 5]] as const) {
      const lines = linesStartingWith(sample, prefix)
      expect(lines).toHaveLength(count)
      const pairs = lines.slice(1).map((_, i) => ({ a: 0, b: i + 1, similarity: 1 }))
      expect(clusterAt(clusters, lines[0].start)).toEqual({ kind: 'boilerplate', similarity: 1, occurrences: lines, pairs })
    }
    const datelines = linesStartingWith(sample, '新华社阿斯塔纳6月17日电').filter((l) => l.end - l.start === '新华社阿斯塔纳6月17日电'.length)
    expect(datelines).toHaveLength(3)
    expect(clusters.filter((c) => c.kind === 'boilerplate').map((c) => c.occurrences)).toContainEqual(datelines)
  })

  it('classes the slot-filled news lead (different reporters and guests) as boilerplate', () => {
    const leads = linesStartingWith(sample, '新华社阿斯塔纳6月17日电(记者')
    expect(leads).toHaveLength(4)
    const cluster = clusterAt(clusters, leads[0].start)
    expect(cluster.kind).toBe('boilerplate')
    expect(cluster.occurrences.map((o) => o.start)).toEqual(leads.map((l) => l.start))
    for (const o of cluster.occurrences) expect(sample.slice(o.end - 4, o.end)).toBe('期间会见')
  })

  it('reports nothing else in the sample: 6 passages and 4 boilerplate repeats', () => {
    expect(clusters.map((c) => c.kind)).toEqual(['boilerplate', 'exact', 'near', 'near', 'near', 'boilerplate', 'boilerplate', 'boilerplate', 'exact', 'exact'])
    const starts = clusters.map((c) => c.occurrences[0].start)
    expect([...starts].sort((a, b) => a - b)).toEqual(starts)
    for (const c of clusters) {
      const ordered = [...c.occurrences].sort((a, b) => a.start - b.start)
      expect(c.occurrences).toEqual(ordered)
    }
  })

  it('finds a paragraph printed three times, once exactly and once with heavier edits, as one cluster of three', () => {
    const original = '今年是中国同中亚国家建交三十三周年，双方在能源、交通、农业和人文交流等领域的合作不断深化，一批民生项目陆续落地，给当地民众带来了实实在在的好处。'
    const light = '今年是中国同中亚国家建交三十三周年，双方在能源、交通、农业和人文交流等领域的合作持续深化，一批民生项目陆续落地，给当地民众带来了实实在在的好处。'
    const heavy = '今年是中国同中亚各国建交三十三周年，双方在能源、交通和人文交流等领域合作不断深化，一批重要民生项目陆续落地，为当地民众带来了实实在在的好处。'
    const parts = chineseProse.split('\n\n')
    const text = [parts[0], original, parts[1], parts[2], light, parts[3], parts[4], heavy, parts[5]].join('\n\n')
    const { clusters: found } = findDuplicates(text)
    expect(found).toHaveLength(1)
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    expect(found[0].kind).toBe('near')
    expect(found[0].occurrences).toEqual([at(original), at(light), at(heavy)])
    expect(found[0].similarity).toBeGreaterThan(0.85)
    expect(found[0].similarity).toBeLessThan(0.95)
    expect(found[0].pairs.map(({ a, b }) => [a, b])).toEqual([[0, 1], [0, 2]])
    expect(found[0].pairs[0].similarity).toBeGreaterThan(0.95)
  })

  it('finds an English section printed twice, ignoring case and punctuation, as one exact cluster', () => {
    const section = [
      'The committee met on Tuesday to review the budget for the coming year, and agreed to postpone the decision on the new bridge until the engineers report in the autumn.',
      'Members also heard from residents of the northern district, who asked for a bus service that runs after nine in the evening.',
    ]
    const reprint = [section[0].replace('The committee', 'the Committee').replace(', and agreed', ' and agreed'), section[1]]
    const parts = englishProse.split('\n\n')
    const text = [parts[0], ...section, parts[1], parts[2], parts[3], ...reprint, parts[4]].join('\n\n')
    const { clusters: found } = findDuplicates(text)
    const first = text.indexOf(section[0])
    const second = text.indexOf(reprint[0])
    expect(found).toEqual([{
      kind: 'exact',
      similarity: 1,
      occurrences: [
        { start: first, end: first + section.join('\n\n').length },
        { start: second, end: second + reprint.join('\n\n').length },
      ],
      pairs: [{ a: 0, b: 1, similarity: 1 }],
    }])
  })

  it('finds an English paragraph reprinted with a few words changed', () => {
    const paragraph = 'Engineers will spend the winter replacing the cables of the old suspension bridge, a job that has not been done since it opened, and traffic will be limited to a single lane in each direction.'
    const edited = 'Engineers will spend this winter replacing the cables of the old suspension bridge, a job not done since it opened, and traffic will be limited to a single lane in either direction.'
    const parts = englishProse.split('\n\n')
    const text = [parts[0], paragraph, parts[1], parts[2], edited, parts[3]].join('\n\n')
    const { clusters: found } = findDuplicates(text)
    expect(found).toHaveLength(1)
    expect(found[0].kind).toBe('near')
    expect(found[0].occurrences).toEqual([
      { start: text.indexOf(paragraph), end: text.indexOf(paragraph) + paragraph.length },
      { start: text.indexOf(edited), end: text.indexOf(edited) + edited.length },
    ])
  })

  it('finds an English paragraph reprinted with one-letter typos in six of its words, at full extent', () => {
    // 6 of 33 words differ, by one letter each (3 % of the characters); no exact run of 9 words.
    const paragraph = 'The harbour commission agreed on Tuesday to dredge the northern channel before the autumn storms, after pilots reported that larger vessels were scraping the bottom at low tide near the old customs pier.'
    const typos = 'The harbour comission agreed on Tuesday to dredge the nothern channel before the autum storms, after pilots reported that larger vesels were scrapping the bottom at low tide near the old custom pier.'
    const parts = englishProse.split('\n\n')
    const text = [parts[0], paragraph, parts[1], parts[2], typos, parts[3]].join('\n\n')
    const { clusters: found } = findDuplicates(text)
    // Each typo counts a quarter of an edit: 1 − 1.5 / 33 words.
    expect(found).toEqual([{
      kind: 'near',
      similarity: 0.9545,
      occurrences: [
        { start: text.indexOf(paragraph), end: text.indexOf(paragraph) + paragraph.length },
        { start: text.indexOf(typos), end: text.indexOf(typos) + typos.length },
      ],
      pairs: [{ a: 0, b: 1, similarity: 0.9545 }],
    }])
  })

  it('finds a repeated passage of mixed Chinese and Latin text', () => {
    const mixed = '据World Bank最新发布的报告，2024年East Asia地区经济增长4.8%，其中数字经济和green energy投资贡献最大，报告建议各国继续推进regional cooperation。'
    const parts = chineseProse.split('\n\n')
    const english = englishProse.split('\n\n')
    const text = [parts[0], english[0], mixed, parts[1], english[1], parts[2], mixed, english[2]].join('\n\n')
    const { clusters: found } = findDuplicates(text)
    const first = text.indexOf(mixed)
    const second = text.indexOf(mixed, first + 1)
    expect(found).toEqual([{ kind: 'exact', similarity: 1, occurrences: [{ start: first, end: first + mixed.length }, { start: second, end: second + mixed.length }], pairs: [{ a: 0, b: 1, similarity: 1 }] }])
  })

  it('reports nothing in Chinese, English or mixed prose without repeats', () => {
    expect(findDuplicates(chineseProse).clusters).toEqual([])
    expect(findDuplicates(englishProse).clusters).toEqual([])
    expect(findDuplicates(`${chineseProse}\n\n${englishProse}`).clusters).toEqual([])
    expect(findDuplicates('').clusters).toEqual([])
  })

  it('classes short repeated English lines as boilerplate, not passages', () => {
    const parts = englishProse.split('\n\n')
    const byline = 'Reporting by Jane Doe; editing by John Smith'
    const text = [parts[0], byline, parts[1], parts[2], byline, parts[3], byline].join('\n')
    const { clusters: found } = findDuplicates(text)
    const at = (from: number) => text.indexOf(byline, from)
    expect(found).toEqual([{
      kind: 'boilerplate',
      similarity: 1,
      occurrences: [at(0), at(at(0) + 1), at(at(at(0) + 1) + 1)].map((start) => ({ start, end: start + byline.length })),
      pairs: [{ a: 0, b: 1, similarity: 1 }, { a: 0, b: 2, similarity: 1 }],
    }])
  })

  it('does not stretch a copy into the different paragraphs that follow it', () => {
    const copied = '两国元首共同见证了经贸、交通、科技、媒体等领域多份合作文件的签署，并就进一步深化全面战略伙伴关系交换了意见，一致同意加强各层级交往。'
    const parts = chineseProse.split('\n\n')
    // Both copies are followed by paragraphs that happen to begin with the same words.
    const text = [copied, '习近平指出，' + parts[0], parts[1], copied, '习近平指出，' + parts[2]].join('\n\n')
    const { clusters: found } = findDuplicates(text)
    const second = text.indexOf(copied, 1)
    expect(found).toEqual([{ kind: 'exact', similarity: 1, occurrences: [{ start: 0, end: copied.length }, { start: second, end: second + copied.length }], pairs: [{ a: 0, b: 1, similarity: 1 }] }])
  })

  it('finds a paragraph printed several times in a row as one occurrence per print', () => {
    const copied = '两国元首共同见证了经贸、交通、科技、媒体等领域多份合作文件的签署，并就进一步深化全面战略伙伴关系交换了意见，一致同意加强各层级交往。'
    const parts = chineseProse.split('\n\n')
    for (const times of [2, 3, 4, 5]) {
      const text = [parts[0], ...Array<string>(times).fill(copied), parts[1]].join('\n\n')
      const starts = Array.from({ length: times }, (_, t) => parts[0].length + 2 + t * (copied.length + 2))
      expect(findDuplicates(text).clusters).toEqual([
        // Each print is paired with the one before it.
        { kind: 'exact', similarity: 1, occurrences: starts.map((start) => ({ start, end: start + copied.length })), pairs: starts.slice(1).map((_, t) => ({ a: t, b: t + 1, similarity: 1 })) },
      ])
    }
  })

  it('honours minLength in characters, replacing the per-script default', () => {
    const long = findDuplicates(sample, { minLength: 200 }).clusters
    expect(long.some((c) => c.occurrences.some((o) => o.start === sample.indexOf('共同打造从中央到地方')))).toBe(false)
    // Paragraphs 1–2 of the feature block (155 characters) are too short to be a passage at 200.
    expect(long.filter((c) => c.kind !== 'boilerplate').map((c) => c.occurrences.map((o) => o.end - o.start))).toEqual([[361, 339], [231, 209, 233], [598, 598]])
    const sentence = '这是一句不长的话，出现了两次。'
    const text = `${chineseProse.split('\n\n')[0]}${sentence}\n\n${chineseProse.split('\n\n')[1]}${sentence}`
    expect(findDuplicates(text).clusters).toEqual([])
    expect(findDuplicates(text, { minLength: 10 }).clusters.map((c) => c.occurrences.map((o) => text.slice(o.start, o.end)))).toEqual([[sentence, sentence]])
  })

  it('throws RangeError naming a bad minLength', () => {
    expect(() => findDuplicates('x', { minLength: 0 })).toThrow(/minLength 0/)
    expect(() => findDuplicates('x', { minLength: 2.5 })).toThrow(RangeError)
    expect(() => findDuplicates('x', { minLength: Number.NaN })).toThrow(/minLength NaN/)
  })

  it('reports progress from 0 to 1, never going back', () => {
    const fractions: number[] = []
    findDuplicates(generateText({ seed: 3, targetBytes: 400_000 }).text, { onProgress: (f) => fractions.push(f) })
    expect(fractions.length).toBeGreaterThan(3)
    expect(fractions.at(-1)).toBe(1)
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
  })

  it('keeps offsets right in CRLF text and around characters outside the BMP', () => {
    const paragraph = '𠀀𠀁这一段包含扩展区汉字，用来检查代理对不会让偏移量错位，也不会把两个字符当成一个单位来计算长度。'
    const text = [paragraph, chineseProse.split('\n\n')[0], paragraph].join('\r\n\r\n')
    const { clusters: found } = findDuplicates(text)
    const second = text.lastIndexOf(paragraph)
    expect(found).toEqual([{ kind: 'exact', similarity: 1, occurrences: [{ start: 0, end: paragraph.length }, { start: second, end: second + paragraph.length }], pairs: [{ a: 0, b: 1, similarity: 1 }] }])
  })

  it('recalls planted exact and edited copies in generated mixed text (seeded property test)', () => {
    for (const seed of [1, 2, 3]) {
      const { text, planted } = generateText({ seed, targetBytes: 150_000, plantRate: 0.08 })
      expect(planted.length).toBeGreaterThan(10)
      const recall = plantedRecall(findDuplicates(text).clusters, planted)
      expect(recall.exact).toBe(1)
      expect(recall.edited).toBeGreaterThanOrEqual(0.9)
    }
  })

  it('finds nothing in generated text with no planted copies', () => {
    const { text, planted } = generateText({ seed: 9, targetBytes: 200_000, plantRate: 0 })
    expect(planted).toEqual([])
    expect(findDuplicates(text).clusters.filter((c) => c.kind !== 'boilerplate')).toEqual([])
  })
})
