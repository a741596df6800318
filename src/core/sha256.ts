/** SHA-256 as lowercase hex: file hashes, spec hashes, cache keys and entries. One-shot `crypto.hash` where Node has it (≥ 20.12). */
import * as crypto from 'node:crypto'

type OneShot = (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string
const oneShot: OneShot | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined

export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex')
}
