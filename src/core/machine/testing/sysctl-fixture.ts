/**
 * Test helper: turns a recorded fixture (`key: value` lines from `sysctl`, plus `os.*` lines
 * for what `os` reported) into a HardwareProbe, so detection runs exactly as on that machine.
 * A sysctl key absent from the fixture fails like an unknown oid does.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HardwareProbe } from '../hardware'

const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures')

export function probeFromFixture(name: string): HardwareProbe {
  const values = new Map<string, string>()
  for (const line of readFileSync(join(FIXTURES_DIR, name), 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.includes(':')) continue
    const at = line.indexOf(':')
    values.set(line.slice(0, at).trim(), line.slice(at + 1).trim())
  }
  const cpuCount = Number(values.get('os.cpus') ?? values.get('hw.physicalcpu') ?? '1')
  return {
    platform: values.get('os.platform') ?? 'darwin',
    arch: values.get('os.arch') ?? 'arm64',
    cpus: () => Array.from({ length: cpuCount }, () => ({ model: values.get('os.cpu_model') ?? '' })),
    totalmem: () => Number(values.get('os.totalmem') ?? values.get('hw.memsize') ?? '0'),
    exec: (file, args) => {
      const key = args[args.length - 1] ?? ''
      const value = file === 'sysctl' ? values.get(key) : undefined
      return value === undefined ? Promise.reject(new Error(`sysctl: unknown oid '${key}'`)) : Promise.resolve(`${value}\n`)
    },
  }
}
