import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NOTES_REQUIREMENTS, notesMainPy } from './demo-notes-app'
import { notesTestPy } from './demo-notes-tests'

const python = spawnSync('python3', ['--version']).status === 0
const fastapiStack = python && spawnSync('python3', ['-c', 'import fastapi, sqlalchemy, pydantic, httpx, pytest']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'demo-notes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function writeProject(project: string): void {
  const files: Record<string, string> = {
    'main.py': notesMainPy(project),
    'requirements.txt': NOTES_REQUIREMENTS,
    'tests/test_main.py': notesTestPy(project),
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
}

describe('demo notes app (Python)', () => {
  it.runIf(python)('main.py and tests/test_main.py compile, even with an odd project name', () => {
    writeProject('my "odd" project\\')
    const result = spawnSync('python3', ['-m', 'py_compile', 'main.py', 'tests/test_main.py'], { cwd: dir, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it.runIf(fastapiStack)('the generated tests pass against the generated app', () => {
    writeProject('notes-api')
    const result = spawnSync('python3', ['-m', 'pytest', '-q', 'tests'], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
    expect(result.stdout).toContain('passed')
    expect(result.status).toBe(0)
  })

  it('requirements list everything main.py and the tests import', () => {
    for (const pkg of ['fastapi', 'uvicorn', 'sqlalchemy', 'pydantic', 'httpx', 'pytest']) expect(NOTES_REQUIREMENTS).toContain(pkg)
  })
})
