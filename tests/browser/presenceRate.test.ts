import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, caretToStart, docRoute, firstParagraph, openEditor, startHarness, waitForFirstParagraph, type Harness } from './harness'

/**
 * Issue 14's presence limits against the real editor in Chromium: y-prosemirror's cursor
 * plugin publishes a presence message on every selection change, so moving the caret
 * with a held arrow key (auto-repeat, ~33 a second), dragging a selection with the mouse
 * (one move per frame) and typing fast must never come near the flood close (4429):
 * the socket stays open and the other user sees the text and the cursor's last place.
 */
describe('a fast but human editor', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  /** Counts the sync sockets of `page` that close, and the presence (awareness) frames it sends. */
  function watchSockets(page: Page): { closed: number; presenceSent: number } {
    const count = { closed: 0, presenceSent: 0 }
    page.on('websocket', (socket) => {
      if (!socket.url().includes('/sync')) return
      socket.on('close', () => count.closed++)
      socket.on('framesent', ({ payload }) => {
        // y-websocket's awareness message is type 1, the frame's first byte.
        if (typeof payload !== 'string' && payload[0] === 1) count.presenceSent++
      })
    })
    return count
  }

  it('moves the caret, drags selections and types fast without being cut off', async () => {
    const fast = await harness.newUser({ name: 'Fast', color: '#be123c' })
    const watcher = await harness.newUser({ name: 'Watcher', color: '#1d4ed8' })
    const sockets = watchSockets(fast.page)
    for (const user of [fast, watcher]) await openEditor(user.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(watcher.page)

    await caretToStart(fast.page)
    // A held arrow key: auto-repeat at about 33 a second, for 3 s.
    for (let i = 0; i < 100; i++) {
      await fast.page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft')
      await fast.page.waitForTimeout(30)
    }
    // Drag selections across the first paragraphs, one mouse move per 60 Hz frame, for 3 s.
    const box = (await fast.page.locator('.ProseMirror p').first().boundingBox())!
    await fast.page.mouse.move(box.x + 2, box.y + box.height / 2)
    await fast.page.mouse.down()
    for (let i = 0; i < 180; i++) {
      await fast.page.mouse.move(box.x + 2 + ((i * 7) % Math.max(1, box.width - 4)), box.y + box.height / 2 + (i % 60))
      await fast.page.waitForTimeout(16)
    }
    await fast.page.mouse.up()
    // Fast typing: 15 characters a second.
    await caretToStart(fast.page)
    await fast.page.keyboard.type('typed quickly by a fast editor ', { delay: 66 })

    await waitForFirstParagraph(watcher.page, (text) => text.startsWith('typed quickly by a fast editor '))
    expect(await firstParagraph(watcher.page)).toBe(`typed quickly by a fast editor ${original}`)
    // Its cursor, where typing left it, is what the watcher sees.
    await watcher.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Fast' }).waitFor()
    // It sent presence all along (over a hundred messages in bursts), and was never closed.
    expect(sockets.presenceSent).toBeGreaterThan(100)
    expect(sockets.closed).toBe(0)
    expect(await fast.page.getAttribute('[data-testid="connection-status"]', 'data-state')).toBe('synced')
  }, BROWSER_TEST_TIMEOUT * 2)
})
