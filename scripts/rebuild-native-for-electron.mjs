// Rebuilds better-sqlite3 against Electron's ABI, on macOS only (the desktop app's platform).
// Elsewhere (CI, Linux) it does nothing, so `npm ci` and the tests keep the Node build.
// Afterwards the tests on that Mac need the Node build back: `npm rebuild better-sqlite3`.
import { spawnSync } from 'node:child_process'

if (process.platform !== 'darwin') {
  console.log('rebuild-native-for-electron: not macOS, nothing to do')
  process.exit(0)
}
const result = spawnSync('npx', ['--no-install', 'electron-rebuild', '-f', '-w', 'better-sqlite3'], { stdio: 'inherit' })
if (result.status !== 0) {
  console.error('rebuild-native-for-electron: failed; install the tools with `npm i -D @electron/rebuild electron-builder`, then retry')
  process.exit(result.status ?? 1)
}
