/**
 * Turns zod's JIT off before any zod module loads, without importing zod (which would put it in
 * the first-load JavaScript): zod keeps its config on `globalThis.__zod_globalConfig` and adopts
 * an object already there (zod/v4/core/core.js). jitless keeps zod from probing `new Function`,
 * which the page's CSP forbids and reports. Import this first in the entry.
 */
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined
}

globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true }

export {}
