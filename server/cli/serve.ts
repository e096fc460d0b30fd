import { resolve } from 'node:path'
import { configFromEnv, runServer } from '../index'
import { CliUsageError, parseCliArgs, type CliIo } from './io'

/**
 * `variorum serve [--port N] [--host H] [--data DIR] [--documents DIR] [--build-if-needed]`:
 * starts the workspace server (the same as `npm start`) and returns once it has
 * shut down after SIGINT/SIGTERM. Options override PORT and VARIORUM_DATA_DIR.
 */
export async function serve(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    documents: { type: 'string' },
    'build-if-needed': { type: 'boolean' },
  })
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument '${positionals[0]}'`)
  const env = { ...process.env }
  if (values.port !== undefined) env.PORT = values.port
  if (values.data !== undefined) env.VARIORUM_DATA_DIR = values.data
  if (values.host !== undefined) env.HOST = values.host
  let config
  try {
    config = configFromEnv(env)
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.documents !== undefined) config.documentsDir = resolve(values.documents)
  config.buildIfNeeded = values['build-if-needed'] ?? false
  const { stopped } = await runServer(config, (line) => io.stdout(`${line}\n`))
  await stopped
  return 0
}
