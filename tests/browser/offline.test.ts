import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caretToParagraphEnd, caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness, type User, BROWSER_TEST_TIMEOUT } from './harness'

let harness: Harness
let gina: User
let hal: User

beforeAll(async () => {
  harness = await startHarness()
  gina = await harness.newUser({ name: 'Gina', color: '#be123c' })
  hal = await harness.newUser({ name: 'Hal', color: '#4338ca' })
})
afterAll(async () => harness?.close())

const status = (user: User): Promise<string | null> => user.page.getByTestId('connection-status').first().getAttribute('data-state')

describe('editing offline', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('shows the connection state, keeps offline edits and merges them on reconnect', async () => {
    await openEditor(gina.page, harness.url, docRoute(harness.sampleId))
    await openEditor(hal.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(hal.page)

    await gina.context.setOffline(true)
    await gina.page.waitForSelector('[data-testid="connection-status"]:not([data-state="synced"])')
    expect(['offline', 'connecting']).toContain(await status(gina))
    await caretToStart(gina.page)
    await gina.page.keyboard.type('离线')
    await harness.screenshot(gina.page, 'offline')

    // Meanwhile Hal edits the end of the same paragraph online.
    await caretToParagraphEnd(hal.page)
    await hal.page.keyboard.type('在线')
    await hal.page.waitForTimeout(300)
    expect(await firstParagraph(hal.page)).toBe(`${original}在线`)
    expect(await firstParagraph(gina.page)).toBe(`离线${original}`)

    await gina.context.setOffline(false)
    await gina.page.waitForSelector('[data-testid="connection-status"][data-state="synced"]', { timeout: 10_000 })
    await waitForFirstParagraph(hal.page, (text) => text === `离线${original}在线`)
    await waitForFirstParagraph(gina.page, (text) => text === `离线${original}在线`)
  })

  it('keeps edits made offline in IndexedDB when the tab is closed before reconnecting', async () => {
    const before = await firstParagraph(hal.page)
    await gina.context.setOffline(true)
    await gina.page.waitForSelector('[data-testid="connection-status"]:not([data-state="synced"])')
    await caretToStart(gina.page)
    await gina.page.keyboard.type('存')
    // Give y-indexeddb its write, then close the tab while still offline.
    await gina.page.waitForTimeout(300)
    await gina.page.close()
    await gina.context.setOffline(false)
    expect(await firstParagraph(hal.page)).toBe(before)

    gina.page = await gina.context.newPage()
    await openEditor(gina.page, harness.url, docRoute(harness.sampleId))
    await waitForFirstParagraph(hal.page, (text) => text === `存${before}`)
  })
})
