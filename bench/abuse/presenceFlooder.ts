/**
 * A process that floods one document's sync endpoint with awareness (presence)
 * messages as fast as its socket drains, reconnecting at once whenever the server
 * closes it, until told 'stop'; then reports `{ queued, written, closes, codes, cpuMs }`
 * over IPC: frames handed to the socket, frames the socket wrote to the OS (the
 * rest were still queued when the server cut it off), connections closed, how
 * often each close code came, and the CPU time it spent flooding (it shares the
 * machine with the server and the editors, which a remote attacker would not). Every frame is a real awareness update (its own
 * client id, a clock that grows, a cursor), as a hostile client would send.
 * Arguments: the sync URL of the document.
 */
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'

const [url] = process.argv.slice(2)
/** CPU time spent before flooding (starting Node and loading modules), not counted. */
let startedCpu = process.cpuUsage()
/** Bytes kept queued on the socket: enough that the OS always has frames to send. */
const QUEUE_BYTES = 256 * 1024
let queued = 0
let written = 0
let closes = 0
const codes: Record<number, number> = {}
let stopping = false

/** Each frame's send callback: counts the frames the socket handed to the OS. */
function onWritten(error?: Error): void {
  if (!error) written++
}

function frame(clock: number): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, 424242)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify({ user: { name: 'flood', color: '#ff0000' }, cursor: { anchor: clock, head: clock } }))
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

function connect(): void {
  if (stopping) return
  const socket = new WebSocket(url)
  socket.on('error', () => {})
  socket.on('close', (code) => {
    closes++
    codes[code] = (codes[code] ?? 0) + 1
    connect()
  })
  socket.on('open', () => {
    // Fills the queue, then waits until the last frame of the batch is written to the
    // OS (its send callback) before filling it again: as fast as the connection takes
    // frames, without spinning while the server does not read.
    const pump = (): void => {
      if (stopping || socket.readyState !== socket.OPEN) return
      while (socket.bufferedAmount < QUEUE_BYTES) socket.send(frame(++queued), onWritten)
      socket.send(frame(++queued), (error) => {
        onWritten(error)
        if (!error) pump()
      })
    }
    pump()
  })
}

process.on('message', (message: string) => {
  if (message !== 'stop') return
  stopping = true
  const cpu = process.cpuUsage(startedCpu)
  process.send?.({ queued, written, closes, codes, cpuMs: (cpu.user + cpu.system) / 1000 })
  setTimeout(() => process.exit(0), 100)
})
startedCpu = process.cpuUsage()
connect()
process.send?.({ started: true })
