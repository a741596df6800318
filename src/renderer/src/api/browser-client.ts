/**
 * UiApi over HTTP + WebSocket for browser mode (`orchestrator ui`). The token arrives once in the
 * URL hash (`#token=…`), moves to sessionStorage and is removed from the address bar. Invokes are
 * `POST /api/invoke/<channel>` with a Bearer token and always resolve to an InvokeResult (network
 * failures become `{ ok: false, error: { kind: 'network' } }`). Pushes come over one WebSocket,
 * reconnected with exponential backoff; payloads are validated against the push contract and
 * invalid ones dropped. A socket that closes reports `lost` through `onConnection` (the UI shows
 * a banner); events sent while disconnected are missed, so every reconnect reports `open` and
 * calls `onGap` (the UI backfills the watched run from its last `seq` with `runs.get`).
 * The push schemas (zod and every contract) are a chunk of their own, loaded with the first push
 * or once the page has settled; pushes that arrive before are held and validated in order.
 */
import type {
  InvokeChannel,
  InvokeRequest,
  InvokeResult,
  PushChannel,
  PushPayload,
  UiApi,
  pushContract as pushContractType,
} from '../../../shared/ipc'

type PushContract = typeof pushContractType

const TOKEN_KEY = 'orchestrator.token'
const BACKOFF_START_MS = 250
const BACKOFF_MAX_MS = 10_000

function takeToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]))
    history.replaceState(null, '', location.pathname + location.search)
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

/** The token of this tab's session (browser mode), for the routes outside the invoke contract. */
export function sessionToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

type Listener = (payload: unknown) => void

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

export type ConnectionState = 'open' | 'lost'

export function createBrowserClient(
  onGap: () => void = () => undefined,
  onConnection: (state: ConnectionState) => void = () => undefined,
): UiApi {
  const token = takeToken()
  const listeners = new Map<PushChannel, Set<Listener>>()
  let socket: WebSocket | null = null
  let attempt = 0
  let opened = false

  let pushContract: PushContract | undefined
  let held: unknown[] = []
  let contractLoading = false
  const loadContract = (): void => {
    if (contractLoading) return
    contractLoading = true
    void import('../../../shared/ipc').then(
      (m) => {
        pushContract = m.pushContract
        const waiting = held
        held = []
        for (const message of waiting) dispatch(message)
      },
      () => {
        contractLoading = false
        setTimeout(loadContract, 1000)
      },
    )
  }
  // Off the first screen's path: when the first push arrives, or once the page has settled.
  setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(loadContract) : loadContract()), 1000)

  const dispatch = (raw: unknown): void => {
    if (!pushContract) {
      held.push(raw)
      loadContract()
      return
    }
    if (!isRecord(raw) || typeof raw.channel !== 'string' || !(raw.channel in pushContract)) return
    const channel = raw.channel as PushChannel
    const parsed = pushContract[channel].safeParse(raw.payload)
    if (!parsed.success) return
    for (const listener of listeners.get(channel) ?? []) listener(parsed.data)
  }

  const connect = (): void => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(`${proto}//${location.host}/api/events?token=${encodeURIComponent(token)}`)
    socket = ws
    ws.onopen = () => {
      attempt = 0
      onConnection('open')
      if (opened) onGap()
      opened = true
    }
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return
      try {
        const frame: unknown = JSON.parse(msg.data)
        // The server coalesces the pushes of one tick into an array.
        if (Array.isArray(frame)) for (const message of frame) dispatch(message)
        else dispatch(frame)
      } catch {
        // a malformed frame is dropped; the next one is independent
      }
    }
    ws.onclose = () => {
      socket = null
      onConnection('lost')
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** attempt)
      attempt++
      setTimeout(connect, delay)
    }
  }

  const ensureSocket = (): void => {
    if (!socket) connect()
  }

  return {
    async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<C>> {
      try {
        const res = await fetch(`/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(request),
        })
        const body: unknown = await res.json()
        if (isRecord(body) && typeof body.ok === 'boolean') return body as InvokeResult<C>
        return { ok: false, error: { kind: 'protocol', message: `unexpected answer from the server (HTTP ${res.status})` } }
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err)
        return {
          ok: false,
          error: { kind: 'network', message: `cannot reach the orchestrator server (${detail}); is \`orchestrator ui\` still running?` },
        }
      }
    },
    on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void {
      ensureSocket()
      const set = listeners.get(channel) ?? new Set<Listener>()
      listeners.set(channel, set)
      const wrapped: Listener = (payload) => listener(payload as PushPayload<C>)
      set.add(wrapped)
      return () => {
        set.delete(wrapped)
      }
    },
  }
}
