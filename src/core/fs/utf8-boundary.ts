/**
 * Cuts a byte prefix before a partial UTF-8 sequence at its end, so text decoded from a capped
 * read never ends in a replacement character. Bytes that end on a whole character, or that are
 * not UTF-8 at all, come back unchanged.
 */
export function cutAtUtf8Boundary(bytes: Buffer): Buffer {
  let i = bytes.length
  let back = 0
  while (i > 0 && back < 4 && ((bytes[i - 1] ?? 0) & 0xc0) === 0x80) {
    i--
    back++
  }
  if (i === 0) return bytes
  const lead = bytes[i - 1] ?? 0
  if (lead < 0xc0) return bytes
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
  return back + 1 < need ? bytes.subarray(0, i - 1) : bytes
}
