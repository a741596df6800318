/**
 * The one check that a parsed YAML/JSON value is a plain mapping (an object, not null and not an
 * array) before its keys are read.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
