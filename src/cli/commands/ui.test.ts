import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../run-cli'
import { fakeIo } from '../testing/fake-io'
import { createUiCommand } from './ui'
import { testTempDir } from '../../core/testing/test-temp-dir'
import { waitFor } from '../../core/testing/wait-for'

function tempDir(): string {
  return testTempDir('uo-ui-cmd-')
}

describe('orchestrator ui', () => {
  it('refuses to start without a build: bad input (exit 2) that says to run npm run build', async () => {
    const dir = tempDir()
    const out = fakeIo({ cwd: dir })
    const cmd = createUiCommand({ rendererDir: join(dir, 'nothing') })
    await expect(cmd.run(['--port', '0'], out.io)).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringMatching(/run `npm run build` first/),
    })
  })

  it('rejects a bad port through the CLI with exit 2', async () => {
    const out = fakeIo({ cwd: tempDir() })
    expect(await runCli(['ui', '--port', 'abc'], out.io)).toBe(2)
    expect(out.stderr()).toContain('--port')
  })

  it('serves, prints the tokenised URL, opens it on --open, and stops on abort', async () => {
    const dir = tempDir()
    const rendererDir = join(dir, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>')
    const controller = new AbortController()
    const out = fakeIo({ cwd: dir, signal: controller.signal })
    const opened: string[] = []
    const done = createUiCommand({ rendererDir, openUrl: (u) => opened.push(u) }).run(['--port', '0', '--open', '--runs-dir', 'r'], out.io)
    await waitFor(() => out.stdout().includes('#token='), 'the address with #token= on stdout')
    const url = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/.exec(out.stdout())?.[0] ?? ''
    expect(opened).toEqual([url])
    const page = await fetch(url.replace(/#.*/, ''))
    expect(await page.text()).toContain('<title>ui</title>')
    const token = url.split('#token=')[1] ?? ''
    const info = await fetch(new URL('/api/invoke/app.info', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    })
    expect(await info.json()).toMatchObject({ ok: true, data: { runsDir: join(dir, 'r'), transport: 'browser' } })
    controller.abort()
    expect(await done).toBe(0)
    await expect(fetch(url.replace(/#.*/, ''))).rejects.toThrow()
  })
})
