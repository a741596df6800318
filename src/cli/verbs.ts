/**
 * The CLI's verbs, one entry each, in the order `orchestrator --help` lists them. An entry says
 * what the verb is without loading it; `load` imports the command module only when that verb
 * runs or its --help is asked for, so `orchestrator --help` loads no SDK, no SQLite and no zod,
 * and `validate` never loads a provider.
 *
 * To add a verb: write src/cli/commands/<verb>.ts exporting a `CliCommand` (its `spec` declares
 * flags and positionals; keep heavy imports inside `run` or behind modules only it uses), then
 * add one entry below. verbs.test.ts fails when an entry and its command's spec disagree.
 */
import type { CliCommand } from './command'

export interface Verb {
  name: string
  summary: string
  aliases?: readonly string[]
  load(): Promise<CliCommand>
}

export const VERBS: readonly Verb[] = [
  {
    name: 'run',
    summary: 'run a spec into runs/<job_id>/ with live progress',
    load: () => import('./commands/run').then((m) => m.runCommand),
  },
  {
    name: 'replay',
    summary: 'replay a past run from its folder alone, with zero model calls',
    load: () => import('./commands/replay').then((m) => m.replayCommand),
  },
  {
    name: 'estimate',
    summary: 'preview the tokens and dollars a spec will cost, per step and in total (expected and worst case)',
    load: () => import('./commands/estimate').then((m) => m.estimateCommand),
  },
  {
    name: 'diff',
    summary: 'compare two runs: spec keys, steps (first differing input), output files with line diffs',
    load: () => import('./commands/diff').then((m) => m.diffCommand),
  },
  {
    name: 'resume',
    summary: 'continue a failed, interrupted or cancelled job in place; finished steps are kept',
    load: () => import('./commands/resume').then((m) => m.resumeCommand),
  },
  {
    name: 'rerun',
    summary: 'make a new job from a past one, rerunning from one step (the rest is reused, no model calls)',
    load: () => import('./commands/rerun').then((m) => m.rerunCommand),
  },
  {
    name: 'approve',
    summary: 'approve a step waiting at its approval gate and continue the job in place',
    load: () => import('./commands/approve').then((m) => m.approveCommand),
  },
  {
    name: 'reject',
    summary: 'reject a step waiting at its approval gate: it fails, its dependents are skipped',
    load: () => import('./commands/approve').then((m) => m.rejectCommand),
  },
  {
    name: 'blame',
    summary: 'show which step, turn and model call wrote a file of a run, and its earlier versions',
    load: () => import('./commands/blame').then((m) => m.blameCommand),
  },
  {
    name: 'export',
    summary: 'pack a run into a zip bundle that import + replay reproduce elsewhere',
    load: () => import('./commands/export').then((m) => m.exportCommand),
  },
  {
    name: 'import',
    summary: 'unpack a run bundle (zip) into the runs folder after checking every hash',
    load: () => import('./commands/import').then((m) => m.importCommand),
  },
  {
    name: 'validate',
    summary: 'check a spec and show its step graph without running it',
    load: () => import('./commands/validate').then((m) => m.validateCommand),
  },
  {
    name: 'show',
    summary: 'show one run: status, steps, files, failures (or its event timeline)',
    load: () => import('./commands/show').then((m) => m.showCommand),
  },
  {
    name: 'list',
    aliases: ['list-runs'],
    summary: 'list recent runs (newest first)',
    load: () => import('./commands/list').then((m) => m.listCommand),
  },
  {
    name: 'tail',
    summary: "print a run's events, filtered; --follow waits for new ones",
    load: () => import('./commands/tail').then((m) => m.tailCommand),
  },
  {
    name: 'reindex',
    summary: 'rebuild the run history index (history.sqlite) from the run folders',
    load: () => import('./commands/reindex').then((m) => m.reindexCommand),
  },
  {
    name: 'delete',
    summary: 'delete a run: its folder and its history row',
    load: () => import('./commands/delete').then((m) => m.deleteCommand),
  },
  {
    name: 'prune',
    summary: 'delete old runs (keep the newest N, or older than D), folders and history rows',
    load: () => import('./commands/prune').then((m) => m.pruneCommand),
  },
  {
    name: 'ui',
    summary: 'open the app in a browser (serves the UI and API on 127.0.0.1)',
    load: () => import('./commands/ui').then((m) => m.uiCommand),
  },
  {
    name: 'doctor',
    summary: 'check hardware, local model servers, models and API keys, and say how to fix problems',
    load: () => import('./commands/doctor').then((m) => m.doctorCommand),
  },
]

export function findVerb(name: string): Verb | undefined {
  return VERBS.find((v) => v.name === name || v.aliases?.includes(name))
}
