import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { startWorkspace } from '../server/workspace'
import { buildClientIfNeeded } from '../server/buildClient'

/**
 * What the Chromium benches run against: a workspace server on port 0 with its
 * own data and documents directory, the built client, and Debian's Chromium.
 */
export interface ChromiumWorkspace {
  /** e.g. http://127.0.0.1:41234 (a new port after `restart`) */
  url: string
  port: number
  browser: Browser
  /**
   * Closes the server and starts a new one on the same data folder (the browser
   * stays): what a restart leaves, nothing of any document in the server's memory.
   */
  restart(): Promise<void>
  /** Ends the browser and the server and removes the directory. */
  close(): Promise<void>
}

/** The sample document repeated, a blank line between copies, until it holds `bytes` UTF-8 bytes. */
export function repeatedSample(bytes: number): string {
  const sample = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8').trim()
  let body = ''
  while (Buffer.byteLength(body) < bytes) body += `${sample}\n\n`
  return body
}

/**
 * Starts a workspace serving `documents` (file name → text; give each a
 * different first line, or two with the same content hash become one).
 */
export async function startChromiumWorkspace(name: string, documents: Record<string, string>): Promise<ChromiumWorkspace> {
  buildClientIfNeeded(process.cwd(), join(process.cwd(), 'dist', 'client'), (line) => console.log(line))
  const dataDir = mkdtempSync(join(tmpdir(), `variorum-bench-${name}-`))
  const docsDir = join(dataDir, 'documents')
  mkdirSync(docsDir)
  for (const [fileName, text] of Object.entries(documents)) writeFileSync(join(docsDir, fileName), text)
  let workspace = await startWorkspace({ port: 0, dataDir, documentsDir: docsDir })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  const running: ChromiumWorkspace = {
    url: workspace.url.replace(/\/$/, ''),
    port: workspace.port,
    browser,
    async restart() {
      await workspace.close()
      workspace = await startWorkspace({ port: 0, dataDir, documentsDir: docsDir })
      running.url = workspace.url.replace(/\/$/, '')
      running.port = workspace.port
    },
    async close() {
      await browser.close()
      await workspace.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return running
}
