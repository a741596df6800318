/**
 * The command lines that confine a check on Linux. Both give the check new user, PID, network
 * and mount namespaces: it sees only its own processes (a fresh /proc), has only a loopback
 * interface of its own (no route to the host's listeners or the internet), and the whole file
 * system is read-only except its project copy and its HOME. Killing the wrapper kills everything
 * inside (bwrap --die-with-parent, unshare --kill-child; the namespace's init takes the rest).
 */

export interface ConfinedDirs {
  /** The throwaway copy of outputs/: the check's cwd, writable. */
  project: string
  /** The check's HOME and TMPDIR, writable. */
  home: string
}

export function bwrapArgv(bwrap: string, dirs: ConfinedDirs, command: string[]): string[] {
  return [
    bwrap,
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--bind',
    dirs.project,
    dirs.project,
    '--bind',
    dirs.home,
    dirs.home,
    '--chdir',
    dirs.project,
    '--',
    ...command,
  ]
}

/**
 * Runs as root of the new user namespace: binds the two writable folders onto themselves, then
 * remounts every other mount read-only (mountinfo escapes such as \040 decoded first), brings up
 * the namespace's own loopback, applies the memory limit ($3, KiB; 0 = none) and execs the
 * command. Any failure before the exec ends the check (set -e), so it never runs half-confined.
 */
export function unshareInnerScript(): string {
  return [
    'set -e',
    'mount --bind "$1" "$1"',
    'mount --bind "$2" "$2"',
    'cut -d" " -f5 /proc/self/mountinfo | while read -r m; do',
    '  m=$(printf "%b" "$m")',
    '  case "$m" in "$1"|"$2") continue;; esac',
    '  mount -o remount,bind,ro "$m" 2>/dev/null || :',
    'done',
    'if [ -w / ]; then echo "sandbox: / is still writable" >&2; exit 125; fi',
    'cd "$1"',
    'if [ "$3" != 0 ]; then ulimit -v "$3"; fi',
    'shift 3',
    'exec "$@"',
  ].join('\n')
}

export function unshareFlags(): string[] {
  return ['--user', '--map-root-user', '--pid', '--fork', '--kill-child', '--net', '--mount', '--mount-proc']
}

export function unshareArgv(unshare: string, dirs: ConfinedDirs, memoryKib: number, command: string[]): string[] {
  return [unshare, ...unshareFlags(), '--', 'sh', '-c', unshareInnerScript(), 'sh', dirs.project, dirs.home, String(memoryKib), ...command]
}
