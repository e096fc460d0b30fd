/**
 * WebSocket close codes the sync server uses. y-websocket's provider treats
 * 4400-4499 as permanent (it stops reconnecting and emits `closed`), so every
 * "your request is wrong" code lives there, mirroring HTTP; 4500-4599 are
 * transient ("try again later"), as are the standard 1001/1011.
 */
export const CLOSE_CODES = {
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** A frame that is not a y-websocket message: bad varint, unknown message type, an update Yjs cannot apply. */
  malformedMessage: 4400,
  /** The connection's role does not allow writing (read-only principals, issue "access"). */
  forbidden: 4403,
  /** No document with the id in the URL. */
  unknownDocument: 4404,
  /** A frame larger than the configured limit (`limits.maxFrameBytes`). */
  frameTooLarge: 4413,
  /** The server could not store an update; the client keeps it and resends on reconnect. */
  storageFailed: 4500,
  /** The client reads too slowly: more than `maxFrameBytes` × 4 queued for it. It reconnects and resyncs. */
  slowConsumer: 4508,
} as const

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]
