import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { isDocumentRole, type DocumentRole } from './roles'

/**
 * The sync server tells a connection its new role when an owner changes it, so the
 * editor follows at once (read only for a viewer) without a reload. It travels as
 * y-websocket's auth message (type 2) with a sub-type of our own: y-protocols defines
 * only sub-type 0 (permission denied), and its `readAuthMessage` ignores sub-types it
 * does not know, so a stock y-websocket client is not disturbed by it.
 * Frame: varUint 2, varUint 1, varString role.
 */
export const ROLE_MESSAGE = { type: 2, subType: 1 } as const

export function encodeRoleMessage(role: DocumentRole): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, ROLE_MESSAGE.type)
  encoding.writeVarUint(encoder, ROLE_MESSAGE.subType)
  encoding.writeVarString(encoder, role)
  return encoding.toUint8Array(encoder)
}

/**
 * The role an auth message carries, read from `decoder` positioned after the
 * message type; null, reading nothing, when it is another sub-type (or a role
 * this client does not know), for y-protocols' own reader to handle.
 */
export function readRoleMessage(decoder: decoding.Decoder): DocumentRole | null {
  if (decoder.pos >= decoder.arr.length || decoding.peekVarUint(decoder) !== ROLE_MESSAGE.subType) return null
  const probe = decoding.clone(decoder)
  decoding.readVarUint(probe)
  const role = decoding.readVarString(probe)
  if (!isDocumentRole(role)) return null
  decoder.pos = probe.pos
  return role
}
