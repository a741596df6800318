/**
 * Test-only: wait for something another process or server does (a log line, a request, a file),
 * polling `check` every 20 ms; fails naming what it waited for once `timeoutMs` have passed, so a
 * test never hangs until the runner's own timeout.
 */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
