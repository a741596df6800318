/**
 * Token counts before a call is made, for cost previews and budget checks: about one token per
 * four bytes of UTF-8 (rounded up), which is close for English and code and errs high for short
 * words. `maxOutputTokens` is the most a call may answer: the step's `max_tokens`, else a
 * positive `num_predict`, else DEFAULT_MAX_OUTPUT_TOKENS (the usual API default).
 */
import type { ModelOptions } from '../providers/types'

const DEFAULT_MAX_OUTPUT_TOKENS = 4096

export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4)
}

export function maxOutputTokens(options: ModelOptions): number {
  if (options.max_tokens !== undefined) return options.max_tokens
  if (options.num_predict !== undefined && options.num_predict > 0) return options.num_predict
  return DEFAULT_MAX_OUTPUT_TOKENS
}
