/**
 * Importing a run bundle dropped on the window: the .zip's bytes go base64 through `runs.import`;
 * the imported run then opens in History. The outcome (or the core's reason) is kept for the
 * banner under the header.
 */
import { create } from 'zustand'
import { call, errorText } from '../api/call'
import { useAppStore } from './app-store'
import { useHistoryStore } from './history-store'

export const useImportStore = create<{ message: string | null; error: boolean }>()(() => ({ message: null, error: false }))

function base64Of(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export async function importBundle(file: File): Promise<void> {
  useImportStore.setState({ message: `Importing ${file.name}…`, error: false })
  try {
    const res = await call('runs.import', { fileName: file.name, dataBase64: base64Of(new Uint8Array(await file.arrayBuffer())) })
    useImportStore.setState({
      message: `Imported ${file.name} as ${res.jobId}${res.jobId !== res.originalJobId ? ` (${res.originalJobId} already existed here)` : ''}`,
      error: false,
    })
    useAppStore.getState().setView('history')
    await useHistoryStore.getState().refresh()
    await useHistoryStore.getState().open(res.jobId)
  } catch (err) {
    useImportStore.setState({ message: `${file.name} was not imported: ${errorText(err)}`, error: true })
  }
}
