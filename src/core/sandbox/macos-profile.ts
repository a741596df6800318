/**
 * The sandbox-exec (Seatbelt) profile for a check on macOS: everything a test runner needs is
 * allowed except network access (other than local Unix sockets), writes outside the project copy,
 * its HOME and the null/tty devices, and looking at or signalling other processes (process
 * info, task ports, and the kern.procargs sysctls that expose another process's environment).
 * Paths are real paths (/var → /private/var), as Seatbelt matches them.
 */
function quote(path: string): string {
  return JSON.stringify(path)
}

export function macosProfile(dirs: { project: string; home: string }): string {
  return [
    '(version 1)',
    '(allow default)',
    '(deny network*)',
    '(allow network* (remote unix-socket))',
    '(deny file-write*)',
    `(allow file-write* (subpath ${quote(dirs.project)}) (subpath ${quote(dirs.home)}))`,
    '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (literal "/dev/tty") (regex #"^/dev/fd/"))',
    '(deny process-info* (target others))',
    '(deny mach-priv-task-port (target others))',
    '(deny signal (target others))',
    '(deny sysctl-read (sysctl-name "kern.procargs") (sysctl-name "kern.procargs2"))',
  ].join('\n')
}
