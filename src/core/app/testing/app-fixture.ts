/**
 * Test fixture: a real app service over a fresh temp runs folder with the repo's examples, its
 * dispatcher, and a typed `invoke` that unwraps `{ ok: true }` results (and fails loudly on errors).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InvokeChannel, InvokeRequest, InvokeResponse, InvokeResult } from '../../../shared/ipc'
import type { RunEvent } from '../../../shared/run-event'
import { createAppService, type AppService, type AppServiceOptions } from '../app-service'
import { createDispatcher, type Dispatcher } from '../dispatch'
import { EXAMPLES_DIR, exampleSpec } from '../../testing/run-fixture'

export const TINY_SPEC = exampleSpec('tiny_spec')

export interface AppFixture {
  dir: string
  runsDir: string
  service: AppService
  dispatch: Dispatcher
  events: RunEvent[]
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>>
  raw(channel: string, request: unknown): Promise<InvokeResult<InvokeChannel>>
  close(): Promise<void>
}

export function createAppFixture(options: Partial<AppServiceOptions> = {}): AppFixture {
  const dir = mkdtempSync(join(tmpdir(), 'uo-app-'))
  const runsDir = join(dir, 'runs')
  const service = createAppService({ runsDir, examplesDir: EXAMPLES_DIR, transport: 'browser', env: {}, ...options })
  const internal: unknown[] = []
  const dispatch = createDispatcher(service.handlers, { onInternalError: (_c, err) => internal.push(err) })
  const events: RunEvent[] = []
  service.onEvent((e) => events.push(e))
  return {
    dir,
    runsDir,
    service,
    dispatch,
    events,
    async invoke(channel, request) {
      const result = await dispatch(channel, request)
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message} ${String(internal[0] ?? '')}`)
      return result.data as InvokeResponse<typeof channel>
    },
    raw: (channel, request) => dispatch(channel, request),
    async close() {
      await service.shutdown()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
