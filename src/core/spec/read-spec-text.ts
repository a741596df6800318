/**
 * Reads a spec file and decodes it to text. Guarantees: the size is checked with stat before any
 * byte is read (limit MAX_SPEC_BYTES); the result is valid UTF-8 without BOM, NUL bytes or CR
 * line endings and is not blank. Anything else throws SpecError('spec_unreadable') whose message
 * names the fix. The only I/O is one stat and one read.
 */
import { readFile, stat } from 'node:fs/promises'
import { SpecError } from './spec-error'
import { sha256Hex } from '../sha256'

export const MAX_SPEC_BYTES = 1024 * 1024

export interface SpecText {
  /** Decoded text: UTF-8 BOM removed, CRLF and CR normalised to LF. */
  text: string
  /** sha256 (hex) of the bytes as given. */
  sha256: string
}

function unreadable(file: string, message: string): SpecError {
  return new SpecError('spec_unreadable', file, [{ path: '', message }])
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}

export async function readSpecBytes(path: string): Promise<Uint8Array> {
  let info
  try {
    info = await stat(path)
  } catch (err) {
    const code = errnoCode(err)
    if (code === 'ENOENT' || code === 'ENOTDIR') throw unreadable(path, 'spec file not found; check the path')
    if (code === 'EACCES' || code === 'EPERM') throw unreadable(path, 'spec file is not readable (permission denied); fix its permissions')
    throw unreadable(path, `cannot open spec file (${code ?? 'unknown error'})`)
  }
  if (info.isDirectory()) throw unreadable(path, 'this is a folder, not a spec file; give the path of a .yaml file')
  if (!info.isFile()) throw unreadable(path, 'not a regular file; give the path of a .yaml file')
  if (info.size > MAX_SPEC_BYTES) throw tooLarge(path, info.size)
  try {
    return await readFile(path)
  } catch (err) {
    throw unreadable(path, `cannot read spec file (${errnoCode(err) ?? 'unknown error'})`)
  }
}

function tooLarge(file: string, size: number): SpecError {
  return unreadable(file, `spec file is ${size} bytes; the limit is ${MAX_SPEC_BYTES} bytes (1 MiB). A spec holds prompts, not data`)
}

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

function checkText(file: string, text: string): string {
  if (text.includes('\u0000')) throw unreadable(file, 'spec file contains NUL bytes (binary data?); save it as UTF-8 text')
  if (text.trim().length === 0) throw unreadable(file, 'spec file is empty; write at least `project:` and `task:`')
  return normalise(text)
}

/** Decodes spec bytes; rejects UTF-16, binary data and invalid UTF-8. */
export function decodeSpecBytes(bytes: Uint8Array, file: string): SpecText {
  if (bytes.length > MAX_SPEC_BYTES) throw tooLarge(file, bytes.length)
  const sha256 = sha256Hex(bytes)
  const b0 = bytes[0]
  const b1 = bytes[1]
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw unreadable(file, 'spec file is UTF-16 (or UTF-32) encoded; save it as UTF-8')
  }
  if (bytes.includes(0)) throw unreadable(file, 'spec file contains NUL bytes (binary data?); save it as UTF-8 text')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw unreadable(file, 'spec file is not valid UTF-8; save it as UTF-8 text')
  }
  return { text: checkText(file, text), sha256 }
}

/** Checks text given directly (not read from a file) by the same rules. */
export function checkSpecString(text: string, file: string): SpecText {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length > MAX_SPEC_BYTES) throw tooLarge(file, bytes.length)
  const sha256 = sha256Hex(bytes)
  const body = text.startsWith('\ufeff') ? text.slice(1) : text
  return { text: checkText(file, body), sha256 }
}
