#!/usr/bin/env node
// Entry point of the `variorum` command. The sources are TypeScript; tsx compiles
// them on load so that the CLI, the server and the tests run the same code.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
