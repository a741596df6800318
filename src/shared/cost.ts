/**
 * Cost arithmetic shared by the core (manifest, CLI progress) and the app, so a run shows the
 * same dollars everywhere. `null` means unknown (a model the price table does not know):
 * unknown + anything = unknown. Amounts are rounded to 1e-9 USD so sums stay free of float noise.
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e9) / 1e9
}

/** Adds two costs where null means unknown: unknown + anything = unknown. */
export function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : roundUsd(a + b)
}
