/**
 * Native dialogs of the main process: picking a spec file (File → Open Spec…; at most 2 MB, read
 * as text and handed to the renderer, which validates it like a dropped file) and the question
 * asked when the user quits while runs are active.
 */
import { dialog, type BrowserWindow } from 'electron'
import { readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'

const MAX_SPEC_BYTES = 2 * 1024 * 1024

export async function pickSpecFile(window: BrowserWindow): Promise<{ fileName: string; text: string } | undefined> {
  const picked = await dialog.showOpenDialog(window, { properties: ['openFile'], filters: [{ name: 'Spec', extensions: ['yaml', 'yml'] }] })
  const path = picked.filePaths[0]
  if (picked.canceled || !path) return undefined
  if (statSync(path).size > MAX_SPEC_BYTES) {
    await dialog.showMessageBox(window, {
      type: 'error',
      message: 'This spec is larger than 2 MB.',
      detail: 'Specs are small YAML files; pick another file.',
    })
    return undefined
  }
  return { fileName: basename(path), text: readFileSync(path, 'utf8') }
}

/** True when the user agrees to cancel `running` active runs and quit. */
export async function confirmQuitDuringRuns(running: number): Promise<boolean> {
  if (running === 0) return true
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Cancel Runs and Quit', 'Keep Running'],
    defaultId: 1,
    cancelId: 1,
    message: `${running} run${running === 1 ? ' is' : 's are'} still in progress.`,
    detail: 'Quitting cancels them. Files already written are kept and the runs are recorded as cancelled.',
  })
  return response === 0
}
