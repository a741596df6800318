/**
 * `call(channel, req)`: invoke through the UiApi and unwrap the result, throwing a UiCallError
 * (with the backend's `kind`) for `{ ok: false }` so views can show the message that names the fix.
 */
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../../shared/ipc'
import { getApi } from './get-api'

export class UiCallError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly channel: InvokeChannel,
  ) {
    super(message)
    this.name = 'UiCallError'
  }
}

export async function call<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> {
  const result = await getApi().invoke(channel, request)
  if (result.ok) return result.data
  throw new UiCallError(result.error.kind, result.error.message, channel)
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
