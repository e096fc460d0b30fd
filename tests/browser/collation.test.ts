import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proposeCollations } from '../../core/align'
import { jingTexts } from '../validators/jing'
import type { Page } from 'playwright-core'
import { BROWSER_TEST_TIMEOUT, startHarness, type Harness, type User } from './harness'

let harness: Harness
let ana: User
let ben: User

beforeAll(async () => {
  harness = await startHarness()
  ana = await harness.newUser({ name: 'Ana', color: '#1d4ed8' })
  ben = await harness.newUser({ name: 'Ben', color: '#be123c' })
})
afterAll(async () => harness?.close())

const DESCRIPTIONS = ['page 1', 'continuation', 'speech closing']
/** How point five of the speech opens: the three versions the issue names (page 1, the continuation, the closing). */
const POINT_FIVE = /五要.*五要.*五要/

/** The document's text as the server holds it (the plain-text export). */
async function serverText(): Promise<string> {
  const response = await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/export?format=txt`)
  return response.text()
}

/** The witness list as read: "A page 1", … (siglum and description, without the edit button). */
function witnesses(page: Page): Promise<string[]> {
  return page.getByTestId('witness').evaluateAll((items) => items.map((item) => {
    const copy = item.cloneNode(true) as HTMLElement
    copy.querySelectorAll('button').forEach((b) => b.remove())
    const siglum = copy.querySelector('b')!
    siglum.remove()
    return `${siglum.textContent} ${(copy.textContent ?? '').replace(/\s+/g, ' ').trim()}`
  }))
}

async function waitForServerText(predicate: (text: string) => boolean): Promise<string> {
  let text = ''
  await expect.poll(async () => predicate((text = await serverText())), { timeout: 15_000 }).toBe(true)
  return text
}

describe('collation view', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  let collationHash = ''

  it('creates a three-witness collation with sigla from the proposals, and a second editor sees it', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    const proposal = page.locator('[data-testid="collation-proposals"] li').filter({ has: page.locator('[data-testid="collation-proposal"][data-witnesses="3"]', { hasText: POINT_FIVE }) }).first()
    await proposal.waitFor()
    // Near-duplicate passages (found in the analysis worker) join the proposals first.
    await page.locator('[data-testid="proposal"][data-reason="near-duplicate"]').first().waitFor({ timeout: 15_000 })
    await proposal.getByTestId('set-up-collation').click()
    for (const [i, description] of DESCRIPTIONS.entries()) {
      expect(await proposal.getByTestId(`siglum-${i}`).inputValue()).toBe('ABC'[i])
      await proposal.getByTestId(`description-${i}`).fill(description)
    }
    await harness.screenshot(page, 'collation-picker')
    await proposal.getByTestId('create-collation').click()
    await page.getByTestId('collation-row').first().waitFor()
    collationHash = new URL(page.url()).hash
    expect(collationHash).toMatch(/^#\/compare\/[^/]+\/c\/col-[0-9a-f]{14}$/)
    expect(await witnesses(page)).toEqual(['A page 1', 'B continuation', 'C speech closing'])
    expect(await page.getByTestId('column-head').evaluateAll((heads) => heads.map((h) => h.getAttribute('data-siglum')))).toEqual(['A', 'B', 'C'])

    // Ben finds it among the document's collations, with its sigla and descriptions.
    await ben.page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    const saved = ben.page.getByTestId('saved-collation')
    await saved.first().waitFor({ timeout: 15_000 })
    expect(await saved.count()).toBe(1)
    expect(await saved.textContent()).toBe('A page 1 · B continuation · C speech closing')
    await saved.click()
    await ben.page.getByTestId('collation-row').first().waitFor()
    expect(new URL(ben.page.url()).hash).toBe(collationHash)
    expect(await witnesses(ben.page)).toEqual(['A page 1', 'B continuation', 'C speech closing'])

    // A description changed by one editor changes for the other.
    await ben.page.locator('[data-testid="witness"][data-siglum="C"]').getByTestId('edit-witness').click()
    await ben.page.getByTestId('witness-description-input').fill('closing of the speech')
    await ben.page.keyboard.press('Enter')
    await expect.poll(() => witnesses(page), { timeout: 15_000 }).toEqual(['A page 1', 'B continuation', 'C closing of the speech'])
    await ben.page.locator('[data-testid="witness"][data-siglum="C"]').getByTestId('edit-witness').click()
    await ben.page.getByTestId('witness-description-input').fill('speech closing')
    await ben.page.keyboard.press('Enter')
    await expect.poll(() => witnesses(page), { timeout: 15_000 }).toEqual(['A page 1', 'B continuation', 'C speech closing'])
    await harness.screenshot(ana.page, 'collation-parallel')
  })

  it('steps through the differences, and Enter, Enter records nothing', async () => {
    const { page } = ana
    const total = Number(/(\d+) differences/.exec((await page.getByTestId('difference-count').textContent())!)![1])
    expect(total).toBeGreaterThan(1)
    expect(await page.getByTestId('undecided-count').textContent()).toBe(`${total} undecided`)
    await page.getByTestId('next-difference').click()
    expect(await page.getByTestId('difference-count').textContent()).toMatch(new RegExp(`Difference 1 of ${total}`))
    await page.keyboard.press('j')
    expect(await page.getByTestId('difference-count').textContent()).toMatch(new RegExp(`Difference 2 of ${total}`))
    await page.keyboard.press('k')
    expect(await page.getByTestId('difference-count').textContent()).toMatch(new RegExp(`Difference 1 of ${total}`))
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('collation-row')

    // Enter opens the form with no reading chosen; a second Enter submits nothing.
    await page.keyboard.press('Enter')
    const form = page.getByTestId('collation-decision-form')
    await form.waitFor()
    expect(await form.locator('input[type="radio"]:checked').count()).toBe(0)
    await page.keyboard.press('Enter')
    expect(await form.getByTestId('record-decision').isDisabled()).toBe(true)
    expect(await page.getByTestId('collation-decision').count()).toBe(0)
    expect(await page.getByTestId('undecided-count').textContent()).toBe(`${total} undecided`)
    await page.keyboard.press('Escape')
  })

  it('applies a reading to witness A as one step that undo reverts, seen by both editors', async () => {
    const { page } = ana
    const before = await serverText()
    // The first difference where A and B read different words (not a paragraph break, not an absence).
    const words = async (siglum: string) => {
      const option = page.getByTestId('collation-decision-form').locator('label').filter({ has: page.getByTestId(`reading-${siglum}`) })
      return (await option.count()) > 0 && !/nothing|paragraph break/.test((await option.textContent())!)
    }
    let found = false
    // From the difference the last test stood on (the first), on.
    for (let i = 0; i < 10 && !found; i++) {
      if (i > 0) await page.keyboard.press('j')
      await page.keyboard.press('Enter')
      await page.getByTestId('collation-decision-form').waitFor()
      found = (await words('A')) && (await words('B'))
      if (!found) await page.keyboard.press('Escape')
    }
    expect(found).toBe(true)
    const form = page.getByTestId('collation-decision-form')
    await form.getByTestId('reading-B').check()
    await form.getByTestId('decision-note').fill('the continuation is the corrected text')
    await form.getByTestId('apply-target').selectOption('A')
    expect(await form.getByTestId('record-decision').textContent()).toContain('Apply to A')
    await harness.screenshot(page, 'collation-decision-form')
    await form.getByTestId('record-decision').click()

    // Both editors see the decision, applied to A; the server's text changed in A only.
    for (const user of [ana, ben]) {
      const decision = user.page.getByTestId('collation-decision')
      await decision.first().waitFor({ timeout: 15_000 })
      expect(await decision.textContent()).toMatch(/Reading B.*Ana.*applied to A.*Why: the continuation is the corrected text/s)
    }
    const applied = await waitForServerText((text) => text !== before)
    // The text changed inside witness A (page 1's point five) only.
    const a = proposeCollations(before).find((p) => p.witnesses.length === 3 && POINT_FIVE.test(p.label))!.witnesses[0]
    let prefix = 0
    while (before[prefix] === applied[prefix]) prefix++
    let suffix = 0
    while (suffix < before.length - prefix && before[before.length - 1 - suffix] === applied[applied.length - 1 - suffix]) suffix++
    expect(prefix).toBeGreaterThanOrEqual(a.start)
    expect(before.length - suffix).toBeLessThanOrEqual(a.end)

    // One undo puts the text and the decision list back, for Ben too.
    expect(await page.getByTestId('undo-apply').isEnabled()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('collation-row')
    await page.keyboard.press('Control+z')
    await waitForServerText((text) => text === before)
    await expect.poll(() => ben.page.getByTestId('collation-decision').count(), { timeout: 15_000 }).toBe(0)
    expect(await page.getByTestId('undo-apply').isDisabled()).toBe(true)
  })

  it('shows the reading view with a heat map, and the TEI export of the collation validates', async () => {
    const { page } = ben
    await page.getByTestId('mode-reading').click()
    const variants = page.getByTestId('reading-variant')
    await variants.first().waitFor()
    const heats = await variants.evaluateAll((els) => els.map((el) => [...el.classList].find((c) => c.startsWith('heat-'))))
    expect(heats.every((h) => h && h !== 'heat-0')).toBe(true)
    expect(await page.getByTestId('apparatus').first().textContent()).toMatch(/[BC]/)
    await harness.screenshot(page, 'collation-reading')

    const response = await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/export?format=tei`)
    const tei = await response.text()
    for (const [i, description] of DESCRIPTIONS.entries()) expect(tei).toContain(`n="${'ABC'[i]}">${description}</witness>`)
    expect(tei).toContain('<div type="collation"')
    expect(tei).toMatch(/<rdg wit="#[ABC]( #[ABC])*">/)
    expect(jingTexts({ collation: tei }).collation).toEqual([])
  })

  it('keeps the two-witness compare: Enter, Enter on a difference records nothing there either', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    const proposal = page.locator('[data-testid="proposal"][data-reason="continuation"]').first()
    await proposal.click()
    const row = page.locator('[data-testid="compare-row"][data-kind="changed"]').first()
    // Seen once in a full run (30 s without such a row, not reproduced since): say what the page showed instead.
    await row.waitFor().catch(async (e: unknown) => {
      const shown = await page.evaluate(() => `${location.hash} | ${document.querySelector('main')?.textContent?.replace(/\s+/g, ' ').slice(0, 400)}`)
      throw new Error(`no changed row; the page showed: ${shown}`, { cause: e })
    })
    await row.focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('decision-form').waitFor()
    await page.keyboard.press('Enter')
    expect(await page.getByTestId('record-decision').isDisabled()).toBe(true)
    expect(await page.getByTestId('decided-badge').count()).toBe(0)
    await page.keyboard.press('Escape')

    // The two passages saved as a collation of two: sigla A and B, in the collation view.
    const differences = Number(/of (\d+)|(\d+) differences/.exec((await page.getByTestId('difference-count').textContent())!)!.slice(1).find(Boolean))
    await page.getByTestId('save-as-collation').click()
    await page.getByTestId('collation-row').first().waitFor()
    expect(await page.getByTestId('column-head').evaluateAll((heads) => heads.map((h) => h.getAttribute('data-siglum')))).toEqual(['A', 'B'])
    expect(await witnesses(page)).toEqual([expect.stringMatching(/^A ¶26–35 一要/), expect.stringMatching(/^B ¶70–74 三要/)])
    // The same differences, each read with its clause (docs/ALIGNMENT.md): never more than the pairwise view's.
    const collated = Number(/(\d+) differences/.exec((await page.getByTestId('difference-count').textContent())!)![1])
    expect(collated).toBeGreaterThan(0)
    expect(collated).toBeLessThanOrEqual(differences)
  })

  it('reorders and hides columns of the parallel view for one editor only', async () => {
    const { page } = ana
    await page.goto(`${harness.url}/${collationHash}`)
    await page.getByTestId('collation-row').first().waitFor()
    const heads = () => page.getByTestId('column-head').evaluateAll((els) => els.map((h) => h.getAttribute('data-siglum')))
    await page.locator('[data-testid="column-head"][data-siglum="A"]').getByTestId('column-right').click()
    expect(await heads()).toEqual(['B', 'A', 'C'])
    await page.locator('[data-testid="column-head"][data-siglum="C"]').getByTestId('column-hide').click()
    expect(await heads()).toEqual(['B', 'A'])
    expect(await page.locator('[data-testid="collation-cell"][data-siglum="C"]').count()).toBe(0)
    await ben.page.getByTestId('mode-parallel').click()
    expect(await ben.page.getByTestId('column-head').count()).toBe(3)
    await page.getByTestId('show-C').click()
    expect(await heads()).toEqual(['B', 'A', 'C'])
  })

  it('deletes a collation for every editor, after asking twice', async () => {
    await ana.page.goto(`${harness.url}/${collationHash}`)
    await ben.page.goto(`${harness.url}/${collationHash}`)
    await ben.page.getByTestId('collation-row').first().waitFor()
    const button = ana.page.getByTestId('delete-collation')
    await button.click()
    expect(await button.textContent()).toContain('Delete it for everyone?')
    expect(await ana.page.getByTestId('collation-row').count()).toBeGreaterThan(0)
    await button.click()
    for (const user of [ana, ben]) await user.page.getByText('This collation is not in the document').waitFor({ timeout: 15_000 })
  })
  it('collates a passage of the sample with the whole of a second document: both editors see it, the TEI export carries its text, a reading applied there is undone in one step', async () => {
    // The second document: the sample's first paragraph as another print gives it (one character changed), and a paragraph of its own.
    const first = (await serverText()).split('\n\n')[0]
    const changed = first.replace(/[\u4e00-\u9fff]/, (c) => (c === '中' ? '国' : '中'))
    const secondText = `${changed}\n\nA paragraph only the second print has.`
    const secondId = await harness.uploadText('second-print.txt', secondText)

    const { page } = ana
    await page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    await page.reload()
    const builder = page.getByTestId('collation-builder')
    await builder.waitFor()
    expect(await builder.getByTestId('builder-siglum-0').inputValue()).toBe('A')
    expect(await builder.getByTestId('builder-siglum-1').inputValue()).toBe('B')
    await builder.getByTestId('builder-description-0').fill('sample, first paragraph')
    await builder.getByTestId('builder-document-1').selectOption(secondId)
    await builder.getByTestId('builder-whole-1').check()
    await builder.getByTestId('builder-description-1').fill('second print')
    await harness.screenshot(page, 'collation-builder')
    await builder.getByTestId('builder-create').click()
    await page.getByTestId('collation-row').first().waitFor({ timeout: 15_000 })
    const hash = new URL(page.url()).hash
    expect(hash).toMatch(/^#\/compare\/[^/]+\/c\/col-[0-9a-f]{14}$/)
    expect(hash).not.toBe(collationHash)
    expect(await witnesses(page)).toEqual(['A sample, first paragraph', 'B second print'])
    const listed = (await (await fetch(`${harness.url}/api/documents`)).json()) as { id: string; title: string }[]
    const secondTitle = listed.find((d) => d.id === secondId)!.title
    expect((await page.getByTestId('witness-documents').textContent())!.replace(/\s+/g, ' ').trim()).toBe(`B all of ${secondTitle}`)
    const cells = async (p: Page, siglum: string) => (await p.locator(`[data-testid="collation-cell"][data-siglum="${siglum}"] .text`).allTextContents()).join('').replace(/¶/g, '')
    expect((await cells(page, 'B')).replace(/\s+/g, '')).toBe(secondText.replace(/\s+/g, ''))
    expect(await page.getByTestId('difference-count').textContent()).toMatch(/^[1-9]\d* differences/)

    // Ben finds it among the sample's collations and sees the second document's text as witness B.
    await ben.page.goto(`${harness.url}/#/compare/${encodeURIComponent(harness.sampleId)}`)
    const saved = ben.page.getByTestId('saved-collation').filter({ hasText: 'second print' })
    await saved.waitFor({ timeout: 15_000 })
    expect(await saved.textContent()).toBe('A sample, first paragraph · B second print')
    await saved.click()
    await ben.page.getByTestId('collation-row').first().waitFor({ timeout: 15_000 })
    expect(new URL(ben.page.url()).hash).toBe(hash)
    expect(await witnesses(ben.page)).toEqual(['A sample, first paragraph', 'B second print'])
    expect((await cells(ben.page, 'B')).replace(/\s+/g, '')).toBe(secondText.replace(/\s+/g, ''))
    await harness.screenshot(ben.page, 'collation-other-document')

    const response = await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/export?format=tei`)
    const tei = await response.text()
    expect(tei).toContain('n="B">second print</witness>')
    expect(tei).toContain('A paragraph only the second print has.')
    expect(jingTexts({ collation: tei }).collation).toEqual([])

    // A reading applied to witness B is written into the second document; one undo takes it back with its decision.
    // The plain-text export ends with a newline.
    const secondServerText = async () => (await (await fetch(`${harness.url}/api/documents/${encodeURIComponent(secondId)}/export?format=txt`)).text()).replace(/\n$/, '')
    const sampleBefore = await serverText()
    expect(await secondServerText()).toBe(secondText)
    await page.getByTestId('next-difference').click()
    await page.keyboard.press('Enter')
    const form = page.getByTestId('collation-decision-form')
    await form.waitFor()
    await form.getByTestId('reading-A').check()
    await form.getByTestId('apply-target').selectOption('B')
    await form.getByTestId('record-decision').click()
    await expect.poll(secondServerText, { timeout: 15_000 }).toBe(`${first}\n\nA paragraph only the second print has.`)
    await expect.poll(() => ben.page.getByTestId('collation-decision').count(), { timeout: 15_000 }).toBe(1)
    expect(await ben.page.getByTestId('collation-decision').textContent()).toMatch(/Reading A.*Ana.*applied to B/s)
    expect(await serverText()).toBe(sampleBefore)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('collation-row')
    await page.keyboard.press('Control+z')
    await expect.poll(secondServerText, { timeout: 15_000 }).toBe(secondText)
    await expect.poll(() => ben.page.getByTestId('collation-decision').count(), { timeout: 15_000 }).toBe(0)
    expect(await page.getByTestId('undo-apply').isDisabled()).toBe(true)
  })
})
