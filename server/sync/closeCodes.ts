/**
 * WebSocket close codes the sync server uses. y-websocket's provider treats
 * 4400-4499 as permanent (it stops reconnecting and emits `closed`), so every
 * "your request is wrong" code lives there, mirroring HTTP; 4500-4599 are
 * transient ("try again later"), as are the standard 1001/1011. A refused update
 * closes with a permanent code on purpose: the client keeps the refused change
 * and would send it again on every reconnect. The close reason says why in words.
 */
export const CLOSE_CODES = {
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** A frame that is not a y-websocket message: bad varint, unknown message type, an update Yjs cannot apply. */
  malformedMessage: 4400,
  /** The credentials the socket opened with were revoked or expired (share link, token, session, role removed). */
  unauthorized: 4401,
  /** The role does not allow this update, or it claims someone else's authorship (doc/access/checkUpdate). */
  forbidden: 4403,
  /** No document with the id in the URL. */
  unknownDocument: 4404,
  /** A frame larger than the configured limit (`limits.maxFrameBytes`). */
  frameTooLarge: 4413,
  /** An awareness (presence) state larger than `limits.maxPresenceBytes`. */
  presenceTooLarge: 4414,
  /** An update that decodes but does not fit the document: its history (clocks, references, client ids) or its data model. */
  invalidUpdate: 4422,
  /**
   * Presence messages over `limits.presencePerSecond` (beyond its burst) by more than ten times
   * that rate within a second: the socket is read no more, and closed with this code after
   * `limits.presenceFloodHoldMs` (PresenceGate, SyncConnection.holdFlooder).
   */
  presenceFlood: 4429,
  /**
   * More document updates (count or bytes) than `limits.updatesPerSecond` / `updateBytesPerSecond`
   * allow, beyond their burst (UpdateGate): the update that overran and everything after it
   * on this socket is neither applied nor stored.
   */
  updateFlood: 4430,
  /** The server could not store an update; the client keeps it and resends on reconnect. */
  storageFailed: 4500,
  /** The client reads too slowly: more than `maxFrameBytes` × 4 queued for it. It reconnects and resyncs. */
  slowConsumer: 4508,
} as const

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]
