import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOC_MODEL, readAnnotation, storedField } from '../../doc'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, selectAtParagraphStart, shareSample, signIn, startHarness, type Harness } from './harness'

/**
 * Issue 14 in account mode: the browser writes the signed-in account's id as the
 * `authorId` of what it annotates and comments (doc/annotations/localAuthor), so the
 * server's rule (doc/access/checkUpdate) lets an editor annotate and a commenter reply,
 * while a viewer's annotation is refused and reaches nobody.
 */
describe('annotating with accounts in the browser', () => {
  let harness: Harness

  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.close()
  })

  /** A stock y-websocket client holding a viewer token: reads what the server holds and relays. */
  function witness(token: string): { doc: Y.Doc; until(predicate: (doc: Y.Doc) => boolean): Promise<void>; destroy(): void } {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${harness.url.replace('http', 'ws')}/sync`, harness.sampleId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    })
    return {
      doc,
      until: (predicate) => new Promise<void>((resolve) => {
        const check = () => {
          if (!predicate(doc)) return
          doc.off('update', check)
          resolve()
        }
        doc.on('update', check)
        check()
      }),
      destroy: () => {
        provider.destroy()
        doc.destroy()
      },
    }
  }

  it("an editor annotates and a commenter replies under their own ids; a viewer's annotation is refused and reaches nobody", async () => {
    const access = harness.workspace.access
    const ids = await shareSample(harness, [
      { username: 'eve', displayName: 'EVE', role: 'editor' },
      { username: 'cal', displayName: 'CAL', role: 'commenter' },
      { username: 'vic', displayName: 'VIC', role: 'viewer' },
    ])
    const { token } = await access.createToken({ name: 'witness', role: 'viewer', documentId: harness.sampleId })
    const server = witness(token)
    const annotations = () => server.doc.getMap<Y.Map<unknown>>(DOC_MODEL.annotations)
    await server.until((doc) => doc.getXmlFragment(DOC_MODEL.fragment).length > 0)
    const before = annotations().size

    const editor = await harness.newUser()
    const commenter = await harness.newUser()
    const viewer = await harness.newUser()
    await signIn(editor.page, harness.url, 'eve')
    await signIn(commenter.page, harness.url, 'cal')
    await signIn(viewer.page, harness.url, 'vic')
    for (const user of [editor, commenter, viewer]) await openEditor(user.page, harness.url, docRoute(harness.sampleId))

    // The editor flags a typo and writes the first comment, as in open mode.
    await selectAtParagraphStart(editor.page, 2, 6)
    await editor.page.keyboard.press('Alt+5')
    const editorCard = editor.page.locator('[data-testid="annotation-card"][aria-current="true"]')
    await editorCard.waitFor()
    const id = (await editorCard.getAttribute('data-annotation-id'))!
    await editorCard.getByTestId('reply-input').waitFor()
    await editor.page.keyboard.type('Typo, see page 3.')
    await editor.page.keyboard.press('Enter')

    // The commenter sees it and replies; the editor sees the reply.
    const commenterCard = commenter.page.locator(`[data-testid="annotation-card"][data-annotation-id="${id}"]`)
    await commenterCard.getByTestId('comment-text').filter({ hasText: 'Typo, see page 3.' }).waitFor()
    await commenterCard.getByTestId('reply-open').click()
    await commenter.page.keyboard.type('Agreed.')
    await commenter.page.keyboard.press('Enter')
    await editor.page.locator(`[data-testid="annotation-card"][data-annotation-id="${id}"]`).getByTestId('comment-text').filter({ hasText: 'Agreed.' }).waitFor()
    await harness.screenshot(commenter.page, 'account-annotations-commenter')

    // The server holds both, each under its writer's account id.
    await server.until(() => ((annotations().get(id)?.get('comments') as Y.Array<Y.Map<unknown>> | undefined)?.length ?? 0) === 2)
    const stored = readAnnotation(annotations().get(id)!)
    expect(stored.authorId).toBe(ids.eve)
    expect(stored.type).toBe('typo')
    expect(stored.comments.map((c) => [c.authorId, c.text])).toEqual([
      [ids.eve, 'Typo, see page 3.'],
      [ids.cal, 'Agreed.'],
    ])
    for (const user of [editor, commenter]) {
      expect(await user.page.getAttribute('[data-testid="connection-status"]', 'data-state')).toBe('synced')
    }

    // The viewer's attempt: its editor knows the role and creates nothing (the server would refuse
    // it and close the socket, as tests/integration show with stock clients), and says why.
    expect(await viewer.page.getByTestId('annotate-button').isDisabled()).toBe(true)
    await selectAtParagraphStart(viewer.page, 4, 4)
    await viewer.page.keyboard.press('Alt+8')
    // A later change by the editor arrives after the attempt: by then the viewer's would have too.
    await editor.page.locator(`[data-testid="annotation-card"][data-annotation-id="${id}"]`).getByTestId('resolve').click()
    await server.until(() => { const entry = annotations().get(id); return entry !== undefined && storedField(entry, 'status') === 'resolved' })
    expect(annotations().size).toBe(before + 1)
    expect([...annotations().values()].filter((a) => storedField(a, 'authorId') === ids.vic)).toEqual([])
    expect(await editor.page.locator('[data-testid="annotation-card"]').count()).toBe(await commenter.page.locator('[data-testid="annotation-card"]').count())
    await expect.poll(() => commenter.page.locator(`[data-testid="annotation-card"][data-annotation-id="${id}"] [data-testid="annotation-status"]`).textContent()).toBe('Resolved')
    expect(await commenter.page.locator('[data-testid="annotation-card"]').count()).toBe(before + 1)
    await expect.poll(() => viewer.page.locator(`[data-testid="annotation-card"][data-annotation-id="${id}"] [data-testid="annotation-status"]`).textContent()).toBe('Resolved')
    expect(await viewer.page.locator('[data-testid="annotation-card"]').count()).toBe(before + 1)
    expect(await viewer.page.getAttribute('[data-testid="connection-status"]', 'data-state')).toBe('synced')
    server.destroy()
  }, BROWSER_TEST_TIMEOUT * 2)
})
