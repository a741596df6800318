// Finds the Chromium the E2E tests drive: $UO_BROWSER, Playwright's own download, the system's
// Chromium (Debian/Ubuntu, Fedora, Homebrew), or Chrome/Chromium on macOS. `node
// scripts/find-browser.mjs --ensure` (run by `npm test` before anything else) prints the path, or,
// where none exists, installs one the platform's way (as root on Debian/Ubuntu: apt-get install
// chromium; elsewhere: npx playwright install chromium) or stops with one line naming the fix.
import { accessSync, constants, existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const SYSTEM_BROWSERS = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/opt/homebrew/bin/chromium',
  ],
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Where Playwright's own `playwright install chromium` puts its browser (it may not be there). */
function playwrightBrowser() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core')
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

/** The first browser that exists and can be executed, or null. */
export function findBrowser(env = process.env) {
  const candidates = [env.UO_BROWSER, playwrightBrowser(), ...(SYSTEM_BROWSERS[process.platform] ?? [])]
  return candidates.find((path) => path && executable(path)) ?? null
}

function isDebianLike() {
  return existsSync('/etc/debian_version') && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
}

function run(command, args, env = process.env) {
  process.stderr.write(`find-browser: no browser for the E2E tests; installing one: ${command} ${args.join(' ')}\n`)
  return spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0
}

/** How this platform gets a browser, and the one line to print when that cannot happen here. */
function installPlan() {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (process.platform === 'linux' && isDebianLike()) {
    if (!root) return { fix: 'run `sudo apt-get install -y chromium` (or `npx playwright install chromium`), then npm test again' }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    return {
      install: () => {
        run('apt-get', ['update', '-qq'], env)
        return run('apt-get', ['install', '-y', '-qq', 'chromium'], env)
      },
      fix: 'apt-get install -y chromium failed; install Chromium yourself or set UO_BROWSER=/path/to/chrome, then npm test again',
    }
  }
  return {
    install: () => run('npx', ['--no-install', 'playwright', 'install', 'chromium']),
    fix: '`npx playwright install chromium` failed; install Chrome or Chromium or set UO_BROWSER=/path/to/chrome, then npm test again',
  }
}

export function ensureBrowser() {
  const found = findBrowser()
  if (found) return found
  const plan = installPlan()
  const installed = plan.install?.() === true
  const after = installed ? findBrowser() : null
  if (after) return after
  const fix = installed
    ? 'the install finished but no browser is where it should be; set UO_BROWSER=/path/to/chrome, then npm test again'
    : plan.fix
  process.stderr.write(`find-browser: no Chromium or Chrome for the E2E tests: ${fix}\n`)
  process.exit(1)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = process.argv.includes('--ensure') ? ensureBrowser() : findBrowser()
  if (!path) {
    process.stderr.write('find-browser: none found (run with --ensure to install one)\n')
    process.exit(1)
  }
  process.stdout.write(`${path}\n`)
}
