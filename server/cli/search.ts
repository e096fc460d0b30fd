/**
 * `variorum search QUERY [--data DIR] [--json] [filters]`: the workspace search
 * (GET /api/search) over the database in a data folder, without a server.
 * Documents changed since they were last indexed (or never indexed, e.g. a data
 * folder from before the index existed) are re-indexed first from their stored
 * state; a running server may keep the same folder open meanwhile (WAL).
 */
import type { SearchHit } from '../../core/api'
import { parseSearchQuery } from '../../core/search'
import { DocumentCatalog } from '../documents/DocumentCatalog'
import { openDatabase } from '../persistence/openDatabase'
import { readStoredDocument } from '../persistence/readStoredDocument'
import { SqlitePersistence } from '../persistence/SqlitePersistence'
import { SearchIndex } from '../search/SearchIndex'
import { SearchIndexer } from '../search/SearchIndexer'
import { workspaceDataDir } from './dataFolder'
import { CliUsageError, parseCliArgs, type CliIo } from './io'

const USAGE = `usage: variorum search QUERY [--data DIR] [--json] [--document ID] [--kind text|quote|comment]
                       [--type T] [--author A] [--status open|resolved] [--from DATE] [--to DATE] [--limit N]

Finds QUERY (a literal string, any case) in the text, annotation quotes and comments
of every document in the workspace's data folder (--data, else VARIORUM_DATA_DIR, else ./data).
  --json   one JSON object: { query, hits, truncated } as GET /api/search answers
  --type, --author, --status, --from, --to filter annotations and comments (text has none)
`

export async function search(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    data: { type: 'string' },
    json: { type: 'boolean' },
    document: { type: 'string' },
    kind: { type: 'string' },
    type: { type: 'string' },
    author: { type: 'string' },
    status: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout(USAGE)
    return 0
  }
  if (positionals.length !== 1) throw new CliUsageError(`expected one QUERY (quote it if it has spaces), got ${positionals.length}\n${USAGE}`)
  const parsed = parseSearchQuery({ ...values, q: positionals[0] })
  if (!parsed.ok) throw new CliUsageError(parsed.message.startsWith('q:') ? `QUERY${parsed.message.slice(1)}` : `--${parsed.message}`)
  const db = openDatabase(workspaceDataDir(values.data, env))
  try {
    const catalog = new DocumentCatalog(db)
    if (parsed.query.document !== null && !catalog.get(parsed.query.document)) throw new Error(`no document '${parsed.query.document}'`)
    const index = SearchIndex.open(db, (line) => io.stderr(`variorum search: ${line}\n`))
    const persistence = new SqlitePersistence(db)
    const indexer = new SearchIndexer({
      index,
      getDocument: async (id) => catalog.get(id),
      readDocument: async (id, fn) => readStoredDocument(persistence.fetch(id), fn),
      log: (line) => io.stderr(`variorum search: ${line}\n`),
    })
    const stale = index.staleDocuments()
    for (const id of stale) await indexer.reindex(id)
    indexer.close()
    if (stale.length > 0 && !values.json) io.stderr(`variorum search: indexed ${stale.length} changed document${stale.length === 1 ? '' : 's'} first\n`)
    const response = index.search(parsed.query)
    if (values.json) {
      io.stdout(`${JSON.stringify(response)}\n`)
      return 0
    }
    io.stdout(readableReport(response.query, response.hits, response.truncated))
    return 0
  } finally {
    db.close()
  }
}

function readableReport(query: string, hits: readonly SearchHit[], truncated: boolean): string {
  if (hits.length === 0) return `no match for “${query}”\n`
  let out = `${hits.length}${truncated ? '+' : ''} match${hits.length === 1 ? '' : 'es'} for “${query}”\n`
  let document: string | null = null
  for (const hit of hits) {
    if (hit.documentId !== document) {
      document = hit.documentId
      out += `\n${hit.documentTitle} (${hit.documentId})\n`
    }
    const where = hit.start === null ? 'orphaned' : `${hit.start}–${hit.end}`
    const who = hit.kind === 'text' ? '' : ` ${hit.type}, ${hit.author}, ${hit.status}, ${hit.created?.slice(0, 10)}`
    const { before, match, after, clippedBefore, clippedAfter } = hit.snippet
    out += `  ${hit.kind} ${where}${who}: ${clippedBefore ? '…' : ''}${before}[${match}]${after}${clippedAfter ? '…' : ''}\n`
  }
  if (truncated) out += '\n(more matches: narrow the search or raise --limit)\n'
  return out
}
