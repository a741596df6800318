/**
 * Detects the machine the local models run on: chip name, performance/efficiency cores, total
 * cores and memory. On macOS it asks `sysctl -n` (machdep.cpu.brand_string, hw.perflevel0/1
 * .physicalcpu, hw.physicalcpu, hw.memsize) through an injectable exec, so recorded outputs of
 * other chips can be replayed in tests; elsewhere it uses `os`. A key sysctl cannot answer
 * becomes null, never a guess; detection never throws.
 */
import { execFile, execFileSync } from 'node:child_process'
import os from 'node:os'

export interface HardwareInfo {
  platform: string
  arch: string
  /** e.g. "Apple M3 Max", "Intel(R) Core(TM) i9-9980HK CPU @ 2.40GHz"; null when unknown. */
  chip: string | null
  performanceCores: number | null
  efficiencyCores: number | null
  totalCores: number
  memoryBytes: number
  appleSilicon: boolean
}

/** Runs a command and resolves its stdout; rejects when it fails. */
type ExecFn = (file: string, args: readonly string[]) => Promise<string>

export interface HardwareProbe {
  platform?: string
  arch?: string
  exec?: ExecFn
  /** Logical CPUs and their model names (os.cpus()). */
  cpus?: () => readonly { model: string }[]
  totalmem?: () => number
}

const SYSCTL_KEYS = [
  'machdep.cpu.brand_string',
  'hw.perflevel0.physicalcpu',
  'hw.perflevel1.physicalcpu',
  'hw.physicalcpu',
  'hw.memsize',
] as const

type SysctlKey = (typeof SYSCTL_KEYS)[number]
type SysctlValues = Partial<Record<SysctlKey, string>>

const defaultExec: ExecFn = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 3_000, encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout)))
  })

function count(text: string | undefined): number | null {
  if (text === undefined) return null
  const value = Number(text.trim())
  return Number.isInteger(value) && value > 0 ? value : null
}

function fromValues(
  platform: string,
  arch: string,
  values: SysctlValues,
  cpus: readonly { model: string }[],
  totalmem: number,
): HardwareInfo {
  const brand = values['machdep.cpu.brand_string']?.trim() || cpus[0]?.model.trim() || null
  const perf = count(values['hw.perflevel0.physicalcpu'])
  const eff = count(values['hw.perflevel1.physicalcpu'])
  const physical = count(values['hw.physicalcpu'])
  const memory = count(values['hw.memsize']) ?? totalmem
  const appleSilicon = platform === 'darwin' && (arch === 'arm64' || /^Apple M\d/.test(brand ?? ''))
  const totalCores = perf !== null ? perf + (eff ?? 0) : (physical ?? Math.max(1, cpus.length))
  return {
    platform,
    arch,
    chip: brand,
    performanceCores: perf ?? (platform === 'darwin' && !appleSilicon ? physical : null),
    efficiencyCores: eff ?? (perf !== null ? 0 : null),
    totalCores,
    memoryBytes: memory,
    appleSilicon,
  }
}

function systemOf(probe: HardwareProbe): { platform: string; arch: string; cpus: readonly { model: string }[]; totalmem: number } {
  return {
    platform: probe.platform ?? process.platform,
    arch: probe.arch ?? process.arch,
    cpus: (probe.cpus ?? os.cpus)(),
    totalmem: (probe.totalmem ?? os.totalmem)(),
  }
}

export async function detectHardware(probe: HardwareProbe = {}): Promise<HardwareInfo> {
  const system = systemOf(probe)
  const values: SysctlValues = {}
  if (system.platform === 'darwin') {
    const exec = probe.exec ?? defaultExec
    await Promise.all(
      SYSCTL_KEYS.map(async (key) => {
        try {
          values[key] = await exec('sysctl', ['-n', key])
        } catch {
          // key unknown on this machine (e.g. perflevels on Intel): left null
        }
      }),
    )
  }
  return fromValues(system.platform, system.arch, values, system.cpus, system.totalmem)
}

let cached: HardwareInfo | undefined

/** The same detection for synchronous callers (provider creation), run once per process. */
export function detectHardwareSync(): HardwareInfo {
  if (cached) return cached
  const system = systemOf({})
  const values: SysctlValues = {}
  if (system.platform === 'darwin') {
    for (const key of SYSCTL_KEYS) {
      try {
        values[key] = execFileSync('sysctl', ['-n', key], { timeout: 3_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      } catch {
        // left null
      }
    }
  }
  cached = fromValues(system.platform, system.arch, values, system.cpus, system.totalmem)
  return cached
}

export const GIB = 1024 ** 3

export function describeHardware(hw: HardwareInfo): string {
  const cores =
    hw.performanceCores !== null && hw.efficiencyCores !== null && hw.appleSilicon
      ? `${hw.totalCores} cores (${hw.performanceCores} performance + ${hw.efficiencyCores} efficiency)`
      : `${hw.totalCores} cores`
  const memory = `${Math.round((hw.memoryBytes / GIB) * 10) / 10} GB memory`
  return `${hw.chip ?? 'unknown CPU'} (${hw.platform}/${hw.arch}), ${cores}, ${memory}`
}
