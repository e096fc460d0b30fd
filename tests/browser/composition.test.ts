import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caretToParagraphEnd, caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness, type User, BROWSER_TEST_TIMEOUT } from './harness'

let harness: Harness
let eve: User
let frank: User

beforeAll(async () => {
  harness = await startHarness()
  eve = await harness.newUser({ name: 'Eve', color: '#0f766e' })
  frank = await harness.newUser({ name: 'Frank', color: '#a16207' })
})
afterAll(async () => harness?.close())

describe('typing Chinese through an input method', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('sends the other user only the composed text, never the pinyin', async () => {
    await openEditor(eve.page, harness.url, docRoute(harness.sampleId))
    await openEditor(frank.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(frank.page)
    expect(original).not.toMatch(/[a-z]/)
    await eve.page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { compositionEvents: string[] }).compositionEvents = seen
      for (const type of ['compositionstart', 'compositionupdate', 'compositionend']) {
        document.querySelector('.ProseMirror')?.addEventListener(type, (event) => seen.push(`${type}:${(event as CompositionEvent).data}`))
      }
    })
    await caretToStart(eve.page)

    // Chromium's own IME path (DevTools protocol): real composition events and
    // DOM text, as a pinyin input method produces them.
    const cdp = await eve.context.newCDPSession(eve.page)
    for (const pinyin of ['z', 'zh', 'zhong', 'zhongw', 'zhongwen']) {
      await cdp.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length })
    }
    // Eve sees her pinyin while composing …
    await waitForFirstParagraph(eve.page, (text) => text === `zhongwen${original}`)
    // … Frank does not, even after time for a sync round trip.
    await frank.page.waitForTimeout(300)
    expect(await firstParagraph(frank.page)).toBe(original)

    await cdp.send('Input.insertText', { text: '中文' })
    await waitForFirstParagraph(eve.page, (text) => text === `中文${original}`)
    await waitForFirstParagraph(frank.page, (text) => text === `中文${original}`)

    const events = await eve.page.evaluate(() => (window as unknown as { compositionEvents: string[] }).compositionEvents)
    expect(events[0]).toBe('compositionstart:')
    expect(events).toContain('compositionupdate:zhong')
    expect(events.at(-1)).toBe('compositionend:中文')
    await harness.screenshot(frank.page, 'composition-frank')
  })

  it('keeps the composed text as one undo step of its author', async () => {
    const before = await firstParagraph(frank.page)
    await frank.page.waitForTimeout(600)
    await eve.page.keyboard.press('Control+z')
    await waitForFirstParagraph(frank.page, (text) => `中文${text}` === before)
  })

  it('keeps a composition whole while the other user edits the same paragraph', async () => {
    const original = await firstParagraph(frank.page)
    await caretToStart(eve.page)
    const cdp = await eve.context.newCDPSession(eve.page)
    for (const pinyin of ['y', 'yi', 'yizhi']) {
      await cdp.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length })
    }
    // Frank edits the end of the paragraph Eve is composing in.
    await caretToParagraphEnd(frank.page)
    await frank.page.keyboard.insertText('FR')
    await waitForFirstParagraph(frank.page, (text) => text === `${original}FR`)
    await eve.page.waitForTimeout(300)
    // Eve's composition is untouched by the remote edit (held until she commits).
    expect(await firstParagraph(eve.page)).toBe(`yizhi${original}`)

    await cdp.send('Input.imeSetComposition', { text: 'yizhiwen', selectionStart: 8, selectionEnd: 8 })
    await cdp.send('Input.insertText', { text: '一致' })
    await waitForFirstParagraph(frank.page, (text) => text === `一致${original}FR`)
    await waitForFirstParagraph(eve.page, (text) => text === `一致${original}FR`)
    // The caret stays after the composed text.
    await eve.page.keyboard.insertText('。')
    await waitForFirstParagraph(frank.page, (text) => text === `一致。${original}FR`)
  })
})
