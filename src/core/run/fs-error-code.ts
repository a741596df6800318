/** The `code` of a Node file-system error (`ENOENT`, `EEXIST`, …), read without guessing from text. */
export function fsErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined
}
