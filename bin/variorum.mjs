#!/usr/bin/env node
// Entry point of the `variorum` command. It runs the server and the CLI compiled to plain
// JavaScript in dist/server, so no TypeScript compiler loads at run time; when that build
// is missing or older than its sources (a fresh clone, an edited file) it is rebuilt first.
import { pathToFileURL } from 'node:url'
import { buildServer, serverBuildIsFresh, serverEntry } from './buildServer.mjs'

if (!serverBuildIsFresh()) {
  // On stderr: stdout may be a subcommand's --json output.
  process.stderr.write('variorum: building the server and CLI into dist/server…\n')
  await buildServer()
}
const { main } = await import(pathToFileURL(serverEntry).href)
process.exitCode = await main(process.argv.slice(2))
