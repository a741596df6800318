/**
 * Keeps a run's writes and the app's reads inside the run folder even if someone swaps
 * `runs/<job>/outputs` (or the run folder) for a symbolic link or another folder mid-run.
 * `pinOutputsDir` resolves outputs/ once at the start of a run: it must be a real folder (not a
 * link) whose real path lies inside the run folder; its device and inode are kept.
 * `assertOutputsDir` re-checks the pin before every write and read of a tool: still a folder, not
 * a link, same inode, same real path. `assertRunFolderSafe` checks a folder that was not pinned
 * (the app's reads, replay, import): the run folder and each of its parts is a real folder, not
 * a link, and resolves inside itself. Violations are OrchestratorError kind `unsafe_folder`.
 */
import { lstatSync, realpathSync, type Stats } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { OrchestratorError } from '../errors'

export interface PinnedOutputs {
  /** The outputs/ path as built from the run folder. */
  dir: string
  /** Its real path at pin time; writes go below this path. */
  real: string
  dev: number
  ino: number
}

/** The parts of a run folder that must never be links. */
export const RUN_FOLDER_PARTS = ['outputs', 'inputs', 'logs', 'artifacts', '.cache'] as const

function unsafe(message: string): OrchestratorError {
  return new OrchestratorError({ kind: 'unsafe_folder', retryable: false, message })
}

function missing(path: string): OrchestratorError {
  return new OrchestratorError({
    kind: 'io',
    retryable: false,
    message: `${path} no longer exists (the runs folder was deleted or moved during the run); nothing was recreated: restore it or rerun the spec`,
  })
}

function lstatOrNull(path: string): Stats | null {
  return lstatSync(path, { throwIfNoEntry: false }) ?? null
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

function checkRealFolder(path: string, shown: string): Stats | null {
  const stat = lstatOrNull(path)
  if (stat === null) return null
  if (stat.isSymbolicLink()) {
    throw unsafe(`${shown} is a symbolic link; run folders must not contain links (it could send files elsewhere): remove it`)
  }
  if (!stat.isDirectory()) throw unsafe(`${shown} is not a folder: remove it`)
  return stat
}

export function pinOutputsDir(runRoot: string, dir: string = join(runRoot, 'outputs')): PinnedOutputs {
  const stat = checkRealFolder(dir, dir)
  if (stat === null) throw missing(dir)
  const real = realpathSync.native(dir)
  if (!inside(realpathSync.native(runRoot), real)) throw unsafe(`${dir} resolves to ${real}, outside its run folder ${runRoot}`)
  return { dir, real, dev: stat.dev, ino: stat.ino }
}

/** Throws unless outputs/ is still the folder that was pinned. */
export function assertOutputsDir(pinned: PinnedOutputs): void {
  const stat = checkRealFolder(pinned.dir, pinned.dir)
  if (stat === null) throw missing(pinned.dir)
  if (stat.dev !== pinned.dev || stat.ino !== pinned.ino) {
    throw unsafe(`${pinned.dir} was replaced by another folder during the run; writes and reads are refused: rerun the spec`)
  }
  let real: string
  try {
    real = realpathSync.native(pinned.dir)
  } catch {
    throw missing(pinned.dir)
  }
  if (real !== pinned.real) throw unsafe(`${pinned.dir} now resolves to ${real}, not ${pinned.real}; writes and reads are refused`)
}

/**
 * Throws when the run folder, or any of outputs/, inputs/, logs/, artifacts/, .cache/, is a
 * link or resolves outside the run folder. Missing parts are fine (the caller reports them).
 */
export function assertRunFolderSafe(runRoot: string): void {
  const rootStat = checkRealFolder(runRoot, runRoot)
  if (rootStat === null) return
  const realRoot = realpathSync.native(runRoot)
  for (const part of RUN_FOLDER_PARTS) {
    const path = join(runRoot, part)
    if (checkRealFolder(path, path) === null) continue
    const real = realpathSync.native(path)
    if (!inside(realRoot, real)) throw unsafe(`${path} resolves to ${real}, outside its run folder`)
  }
}
