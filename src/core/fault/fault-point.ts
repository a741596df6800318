/**
 * Named fault points for the fault-corpus tests. `faultPoint('manifest.rename')` does nothing in
 * a normal build: the environment is read only when the bundle was built with the define
 * `__UO_TEST_BUILD__ = true` (src/cli/testing/cli-bundle.ts). In such a test build,
 * `CRASH_AT=<point>:<n>` SIGKILLs the process at the n-th time the point is reached, and
 * `FAIL_AT=<point>:<n>` makes that hit throw an error with `code` = FAIL_CODE (default ENOSPC),
 * as a full disk would; `<n>+` fails that hit and every later one (a disk that stays full).
 */
declare const __UO_TEST_BUILD__: boolean | undefined

const TEST_BUILD = typeof __UO_TEST_BUILD__ !== 'undefined' && __UO_TEST_BUILD__ === true

export type FaultPointName =
  'file.temp_written' | 'manifest.rename' | 'events.append' | 'sqlite.commit' | 'output.write' | 'step.model_call'

interface Trigger {
  point: string
  at: number
  onwards: boolean
}

function parse(value: string | undefined): Trigger | null {
  const match = /^([a-z_.]+):(\d+)(\+?)$/.exec(value ?? '')
  return match ? { point: match[1] ?? '', at: Number(match[2]), onwards: match[3] === '+' } : null
}

const hits = new Map<string, number>()
let crash: Trigger | null | undefined
let fail: Trigger | null | undefined

/** `beforeCrash` runs only when the crash fires (e.g. to leave a torn write behind). */
export function faultPoint(name: FaultPointName, beforeCrash?: () => void): void {
  if (!TEST_BUILD) return
  crash ??= parse(process.env.CRASH_AT)
  fail ??= parse(process.env.FAIL_AT)
  const n = (hits.get(name) ?? 0) + 1
  hits.set(name, n)
  if (crash?.point === name && crash.at === n) {
    beforeCrash?.()
    process.kill(process.pid, 'SIGKILL')
  }
  if (fail?.point === name && (fail.at === n || (fail.onwards && n > fail.at))) {
    const code = process.env.FAIL_CODE ?? 'ENOSPC'
    throw Object.assign(new Error(`${code}: injected at ${name}:${n}`), { code })
  }
}
