/**
 * Importing a run bundle dropped on the window or picked with Import…: in browser mode the File
 * streams to the server's upload route (no size cap below the core's); in Electron its bytes go
 * base64 through `runs.import` (the contract caps that at 6 MB and names the CLI for more). The
 * imported run then opens in History. The outcome (or the core's reason) is kept for the
 * banner under the header.
 */
import { create } from 'zustand'
import { bundleTooBigMessage, MAX_BUNDLE_UPLOAD_BYTES, MAX_IPC_IMPORT_BYTES } from '../../../shared/bundle-limits'
import { formatBytes } from '../../../shared/format-units'
import { bundleTransfer } from '../api/bundle-transfer'
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
  useImportStore.setState({ message: `Importing ${file.name} (${formatBytes(file.size)})…`, error: false })
  try {
    const transfer = bundleTransfer()
    const limit = transfer ? MAX_BUNDLE_UPLOAD_BYTES : MAX_IPC_IMPORT_BYTES
    if (file.size > limit) {
      useImportStore.setState({ message: bundleTooBigMessage(file.name, limit), error: true })
      return
    }
    const res = transfer
      ? await transfer.upload(file)
      : await call('runs.import', { fileName: file.name, dataBase64: base64Of(new Uint8Array(await file.arrayBuffer())) })
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
