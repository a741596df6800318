/**
 * `orchestrator validate <spec>`: loads and checks a spec without running anything, prints its
 * graph (levels, which steps run in parallel) and "ok". An invalid spec throws the loader's
 * SpecError, which the CLI prints as every issue with file:line:column (exit 2). Key-like strings
 * in the spec are masked in what it prints, and their lines named in a warning.
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import { describeGraph } from '../../core/spec/graph'
import { loadSpecFile } from '../../core/spec/load-spec'
import { Redactor } from '../../core/redact/redactor'
import { keyLikeLines, keyLikeWarning } from '../../core/spec/spec-secrets'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'

const schema = z.object({ ...commonFlagShape })

const spec: CommandSpec<typeof schema> = {
  name: 'validate',
  summary: 'check a spec and show its step graph without running it',
  positionals: [{ name: 'spec', description: 'the YAML spec file' }],
  flags: {},
  schema,
  examples: ['orchestrator validate examples/notes_api.yaml'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(spec, argv)
  const path = resolve(io.cwd, positionals[0] ?? '')
  const loaded = await loadSpecFile(path, io.env)
  const redactor = Redactor.fromEnv(io.env)
  const graph = redactor.redact(describeGraph(loaded))
  io.stdout.write(`${graph.endsWith('\n') ? graph : `${graph}\n`}ok\n`)
  const keys = keyLikeLines(loaded.source.text, io.env)
  for (const note of loaded.source.ignored ?? []) io.stderr.write(`note: ${note}\n`)
  if (keys.length > 0) io.stderr.write(`warning: ${keyLikeWarning(positionals[0] ?? path, keys)}\n`)
  return EXIT_OK
}

export const validateCommand: CliCommand = { spec, run }
