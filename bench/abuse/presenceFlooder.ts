/**
 * A process that floods one document's sync endpoint with awareness (presence)
 * messages as fast as its socket drains, reconnecting whenever the server closes
 * it, until told 'stop'; then reports `{ sent, closes }` over IPC.
 * Arguments: the sync URL of the document.
 */
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'

const [url] = process.argv.slice(2)
let sent = 0
let closes = 0
let stopping = false

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
  socket.on('close', () => {
    closes++
    connect()
  })
  socket.on('open', () => {
    const pump = () => {
      // Told to close (our close frame arrived): drop this socket and come back on a new one.
      if (!stopping && socket.readyState === socket.CLOSING) socket.terminate()
      if (stopping || socket.readyState !== socket.OPEN) return
      // Keep about 256 KB queued: as fast as the connection takes it.
      while (socket.bufferedAmount < 256 * 1024) socket.send(frame(++sent))
      setImmediate(pump)
    }
    pump()
  })
}

process.on('message', (message: string) => {
  if (message !== 'stop') return
  stopping = true
  process.send?.({ sent, closes })
  setTimeout(() => process.exit(0), 100)
})
connect()
process.send?.({ started: true })
