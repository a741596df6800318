/**
 * The largest run bundle the app takes through the window: in browser mode a streamed upload, as
 * large as the core's cap on a bundle's unpacked bytes; in Electron one IPC message. And the
 * message naming the limit and the way around it. Plain TypeScript (no zod), so the renderer's first screen can use it.
 */
import { formatBytes } from './format-units'

export const MAX_BUNDLE_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024
/** Through Electron IPC the bytes travel base64 in one message (runs.import allows 8 MB of base64). */
export const MAX_IPC_IMPORT_BYTES = 6 * 1024 * 1024

export function bundleTooBigMessage(fileName: string, limitBytes: number): string {
  return `${fileName} is over the ${formatBytes(limitBytes)} the app accepts; import it with \`orchestrator import <file>\``
}
