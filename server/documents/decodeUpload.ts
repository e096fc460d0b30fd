import { ApiError } from '../errors'

/**
 * Decodes uploaded bytes as strict UTF-8 with a leading BOM removed, nothing
 * else changed. Throws ApiError `invalid-encoding` for bytes that are not UTF-8
 * and `binary-content` for NUL bytes.
 */
export function decodeUpload(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new ApiError('binary-content', 'the upload contains NUL bytes; is it a binary file?')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw new ApiError('invalid-encoding', 'the upload is not valid UTF-8; convert it to UTF-8 first')
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
