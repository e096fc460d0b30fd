import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, caretToStart, docRoute, firstParagraph, openEditor, selectAtParagraphStart, shareSample, signIn, startHarness, waitForFirstParagraph, type Harness } from './harness'

/**
 * Issue 14 in Chromium, two accounts on one document: an editor and a viewer. The
 * viewer's editor opens read-only (it learns its role from GET /api/documents/:id/role):
 * typing and the annotation shortcuts change nothing and send nothing, so its socket
 * is never closed by a refusal, and it keeps following the editor's edits and presence.
 */
describe('a viewer reads, live', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  /** Counts the sync sockets of `page` that close. */
  function countClosedSockets(page: Page): { closed: number } {
    const count = { closed: 0 }
    page.on('websocket', (socket) => {
      if (socket.url().includes('/sync')) socket.on('close', () => count.closed++)
    })
    return count
  }

  it('opens read-only for a viewer, sends nothing, and shows the editor\'s edits and presence', async () => {
    await shareSample(harness, [
      { username: 'eve', displayName: 'Eve Editor', role: 'editor' },
      { username: 'vic', displayName: 'Vic Viewer', role: 'viewer' },
    ])
    const editor = await harness.newUser()
    const viewer = await harness.newUser()
    const viewerSockets = countClosedSockets(viewer.page)
    await signIn(editor.page, harness.url, 'eve')
    await signIn(viewer.page, harness.url, 'vic')
    for (const user of [editor, viewer]) await openEditor(user.page, harness.url, docRoute(harness.sampleId))
    const original = await firstParagraph(editor.page)

    // The viewer's text is not editable, and the pane and the sidebar say why.
    await expect.poll(() => viewer.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    expect(await viewer.page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true')
    expect(await viewer.page.getByTestId('read-only-note').textContent()).toBe('Read only')
    expect(await viewer.page.getByTestId('annotate-button').isDisabled()).toBe(true)
    expect(await viewer.page.getByTestId('annotate-not-allowed').textContent()).toContain('viewer')
    // The editor's is.
    expect(await editor.page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('true')
    expect(await editor.page.getByTestId('read-only-note').count()).toBe(0)
    expect(await editor.page.getByTestId('annotate-button').isDisabled()).toBe(false)

    // The viewer types, pastes by keyboard and tries an annotation shortcut.
    await caretToStart(viewer.page)
    await viewer.page.keyboard.type('VIEWER ')
    await viewer.page.keyboard.press('Backspace')
    await selectAtParagraphStart(viewer.page, 2, 4)
    await viewer.page.keyboard.press('Alt+5')
    await viewer.page.keyboard.press('Delete')
    // Find works for a reader; replace is not offered (its changes could not be kept).
    await viewer.page.keyboard.press('Control+h')
    await viewer.page.getByTestId('find-bar').waitFor({ timeout: 5000 })
    expect(await viewer.page.getByTestId('replace-input').count()).toBe(0)
    await viewer.page.keyboard.press('Escape')
    await viewer.page.getByTestId('find-bar').waitFor({ state: 'detached', timeout: 5000 })

    // The editor's edit after that reaches the viewer: had the viewer sent anything, it would have arrived first.
    await caretToStart(editor.page)
    await editor.page.keyboard.type('EDITED ')
    await waitForFirstParagraph(viewer.page, (text) => text.startsWith('EDITED '))
    expect(await firstParagraph(viewer.page)).toBe(`EDITED ${original}`)
    expect(await firstParagraph(editor.page)).toBe(`EDITED ${original}`)
    expect(await viewer.page.locator('[data-testid="annotation-card"]').count()).toBe(await editor.page.locator('[data-testid="annotation-card"]').count())
    const stored = await (await fetch(`${harness.url}/api/documents/${encodeURIComponent(harness.sampleId)}/text`, {
      headers: { cookie: (await editor.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    })).text()
    expect(stored.startsWith(`EDITED ${original}`)).toBe(true)
    expect(stored).not.toContain('VIEWER')

    // No refusal closed the viewer's socket, and it sees the editor among those present.
    expect(await viewer.page.getAttribute('[data-testid="connection-status"]', 'data-state')).toBe('synced')
    expect(viewerSockets.closed).toBe(0)
    await expect.poll(() => viewer.page.getByTestId('presence-bar').textContent()).toContain('Eve Editor')
    await harness.screenshot(viewer.page, 'viewer-read-only')
  }, BROWSER_TEST_TIMEOUT * 2)
})
