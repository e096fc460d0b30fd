/**
 * The long hunt behind fuzzUpdates.test.ts (issue 14): millions of mutated real
 * updates against server docs of varied shape, each accepted one applied to a copy
 * of the server and checked (brokenByApplying). Run by hand, not by vitest:
 *
 *   npx tsx tests/doc/access/huntUpdates.ts [MUTATIONS] [SEED]
 *
 * Prints the outcomes, and the first cases of each kind of breakage with the bytes
 * to reduce them from (hex of the server's state and the update).
 */
import { writeFileSync } from 'node:fs'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { checkUpdate as currentCheck, type UpdateCheck, type UpdateToCheck } from '../../../doc/access'
import { ALICE } from './accessHelpers'
import { FITTING_CHANGES, UPDATE_KINDS, brokenByApplying, mutateUpdate, newPeer, someClientId, updateFrom, variedServerDoc, type Peer } from './updateFuzzing'

/** Mutated updates made from one base update: making a base costs a copy of the server doc. */
const MUTATIONS_PER_BASE = 40
/** Base updates on one server doc before a new one of another shape is drawn. */
const BASES_PER_SCENARIO = 40

export interface HuntResult {
  mutations: number
  accepted: number
  refused: Record<string, number>
  broken: Map<string, { count: number; first: { names: string[]; kind: string; state: string; update: string } }>
}

export function hunt(total: number, seed: number, check: (input: UpdateToCheck) => UpdateCheck = currentCheck): HuntResult {
  const gen = prng.create(seed)
  const result: HuntResult = { mutations: 0, accepted: 0, refused: {}, broken: new Map() }
  while (result.mutations < total) {
    const server = variedServerDoc(gen, prng.uint32(gen, 0, 40))
    const gc = server.gc
    const peers: Peer[] = Array.from({ length: 3 }, () => newPeer(server, someClientId(gen)))
    // The server moves on after the peers synced: their edits are concurrent with these.
    for (let i = prng.uint32(gen, 0, 6); i > 0; i--) Y.applyUpdate(server, updateFrom(server, someClientId(gen), [prng.oneOf(gen, FITTING_CHANGES)], gen))
    const principal = prng.bool(gen) ? ALICE : null
    for (let b = 0; b < BASES_PER_SCENARIO && result.mutations < total; b++) {
      const kind = prng.oneOf(gen, UPDATE_KINDS)
      const base = kind.make(gen, server, peers)
      const state = Y.encodeStateAsUpdate(server)
      let keep: Uint8Array | null = null
      for (let m = 0; m < MUTATIONS_PER_BASE; m++) {
        result.mutations++
        const { update, names } = mutateUpdate(gen, base, server)
        const verdict = check({ principal, role: 'owner', doc: server, update })
        if (!verdict.ok) {
          result.refused[verdict.reason] = (result.refused[verdict.reason] ?? 0) + 1
          continue
        }
        result.accepted++
        const broken = brokenByApplying(state, update, gc)
        if (broken) {
          const key = `${broken.replace(/[0-9]+/g, 'N')} (${kind.name})`
          const entry = result.broken.get(key)
          if (entry) entry.count++
          else result.broken.set(key, { count: 1, first: { names, kind: kind.name, state: hex(state), update: hex(update) } })
        } else if (verdict.changes && prng.uint32(gen, 0, 4) === 0) keep = update
      }
      // The server takes an accepted mutant now and then, so later updates meet what mutants left.
      if (keep) Y.applyUpdate(server, keep)
      else if (prng.bool(gen) && check({ principal, role: 'owner', doc: server, update: base }).ok) Y.applyUpdate(server, base)
    }
    for (const peer of peers) peer.doc.destroy()
    server.destroy()
  }
  return result
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

export function printHunt(result: HuntResult, label: string, ms: number): void {
  console.log(`${label}: ${result.mutations} mutations in ${(ms / 1000).toFixed(0)} s, ${result.accepted} accepted, refused ${JSON.stringify(result.refused)}`)
  if (result.broken.size === 0) console.log('  nothing broken')
  for (const [key, { count, first }] of result.broken) {
    console.log(`  ${count} × ${key}; first after [${first.names.join(', ')}]`)
  }
}

if (process.argv[1]?.endsWith('huntUpdates.ts')) {
  const total = Number(process.argv[2] ?? 100_000)
  const seed = Number(process.argv[3] ?? 1)
  const start = performance.now()
  const result = hunt(total, seed)
  printHunt(result, `seed ${seed}`, performance.now() - start)
  if (process.env.HUNT_OUT) writeFileSync(process.env.HUNT_OUT, JSON.stringify(Object.fromEntries(result.broken), null, 1))
}
