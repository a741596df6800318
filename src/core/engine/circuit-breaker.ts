/**
 * A circuit breaker per provider, as the original tool had (CB_THRESHOLD failures, default 5;
 * CB_COOLDOWN_S seconds, default 60). Consecutive attempts that fail because the provider is
 * broken (network, timeout, server, protocol) open the circuit; while it is open every further
 * attempt on that provider fails at once with kind `circuit_open` instead of waiting out its own
 * timeouts. After the cooldown one trial attempt is let through (half-open): its success closes
 * the circuit, its failure opens it for another cooldown. Any success resets the count.
 */
import { type ErrorInfo, type ErrorKind, OrchestratorError } from '../errors'

const DEFAULT_CB_THRESHOLD = 5
const DEFAULT_CB_COOLDOWN_S = 60

export interface CircuitSettings {
  threshold: number
  cooldownMs: number
}

/** Failures that say the provider itself is down or misbehaving (not a bad request or a missing file). */
const BREAKING_KINDS: ReadonlySet<ErrorKind> = new Set(['network', 'timeout', 'server', 'protocol'])

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = raw?.trim() ? Number(raw) : NaN
  return Number.isFinite(value) && value > 0 ? value : fallback
}

export function circuitSettingsFromEnv(env: NodeJS.ProcessEnv): CircuitSettings {
  return {
    threshold: Math.floor(positiveNumber(env.CB_THRESHOLD, DEFAULT_CB_THRESHOLD)),
    cooldownMs: positiveNumber(env.CB_COOLDOWN_S, DEFAULT_CB_COOLDOWN_S) * 1000,
  }
}

interface Circuit {
  failures: number
  openedAt?: number
  trialInFlight: boolean
  lastError?: ErrorInfo
}

export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>()

  constructor(
    private readonly settings: CircuitSettings = { threshold: DEFAULT_CB_THRESHOLD, cooldownMs: DEFAULT_CB_COOLDOWN_S * 1000 },
    private readonly now: () => number = () => performance.now(),
  ) {}

  private circuit(provider: string): Circuit {
    let circuit = this.circuits.get(provider)
    if (!circuit) {
      circuit = { failures: 0, trialInFlight: false }
      this.circuits.set(provider, circuit)
    }
    return circuit
  }

  /** Throws kind `circuit_open` when `provider`'s circuit is open (or its one trial is already running). */
  check(provider: string): void {
    const circuit = this.circuit(provider)
    if (circuit.openedAt === undefined) return
    const waitedMs = this.now() - circuit.openedAt
    if (waitedMs >= this.settings.cooldownMs && !circuit.trialInFlight) {
      circuit.trialInFlight = true
      return
    }
    const leftS = Math.max(1, Math.ceil((this.settings.cooldownMs - waitedMs) / 1000))
    const last = circuit.lastError ? ` (last: ${circuit.lastError.kind}: ${circuit.lastError.message})` : ''
    throw new OrchestratorError({
      kind: 'circuit_open',
      retryable: false,
      message:
        `${provider} failed ${circuit.failures} times in a row, so its circuit breaker is open and this step was not sent to it${last}; ` +
        `fix the provider, then run again${circuit.trialInFlight ? '' : ` (a trial request is allowed in ${leftS} s)`} — CB_THRESHOLD and CB_COOLDOWN_S tune the breaker`,
    })
  }

  success(provider: string): void {
    this.circuits.set(provider, { failures: 0, trialInFlight: false })
  }

  /** Records a failed attempt; only failures that say the provider is broken count. */
  failure(provider: string, error: ErrorInfo): void {
    if (!BREAKING_KINDS.has(error.kind)) return
    const circuit = this.circuit(provider)
    circuit.failures++
    circuit.lastError = error
    if (circuit.trialInFlight || circuit.failures >= this.settings.threshold) circuit.openedAt = this.now()
    circuit.trialInFlight = false
  }

  isOpen(provider: string): boolean {
    return this.circuits.get(provider)?.openedAt !== undefined
  }
}
