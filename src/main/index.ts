/**
 * Electron main process: one hardened window, the native menu and IPC registration; everything
 * else is the core's app service. Guarantees: single instance; sandboxed, context-isolated
 * window without Node; all permissions denied; new windows denied (vetted https links go to the
 * OS browser); navigation only within the app; quitting during a run asks, then cancels cleanly.
 */
import { app, BrowserWindow, ipcMain, Menu, session, shell } from 'electron'
import { join } from 'node:path'
import { createAppService, type AppService } from '../core/app/app-service'
import { listExamples } from '../core/app/app-handlers'
import { createDispatcher } from '../core/app/dispatch'
import { buildAppMenu } from './app-menu'
import { confirmQuitDuringRuns, pickSpecFile } from './open-spec'
import { forwardPushes, registerIpc, sendPush } from './ipc/register'
import { createSafeStorageSecretStore } from './secret-store'
import { decideWindowOpen, mayNavigate } from './security/navigation'
import { trustedRendererFor } from './security/trusted-renderer'

const indexPath = join(__dirname, '../renderer/index.html')
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const trusted = trustedRendererFor(devUrl, indexPath)
const examplesDir = join(app.getAppPath(), 'examples')
let service: AppService | undefined
let mainWindow: BrowserWindow | undefined
let quitting = false

if (process.env.APP_DATA_DIR) app.setPath('userData', process.env.APP_DATA_DIR)

function log(message: string): void {
  process.stderr.write(`[orchestrator] ${message}\n`)
}

function createWindow(appService: AppService): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Unified Orchestrator',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  window.webContents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url)
    if (decision.external) void shell.openExternal(decision.external)
    return { action: 'deny' }
  })
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (!mayNavigate(url, trusted)) event.preventDefault()
  }
  window.webContents.on('will-navigate', guard)
  window.webContents.on('will-redirect', guard)
  const stopEvents = forwardPushes(appService.onPush, window.webContents)
  window.on('closed', () => {
    stopEvents()
    if (mainWindow === window) mainWindow = undefined
  })
  if (devUrl) void window.loadURL(devUrl)
  else void window.loadFile(indexPath)
  return window
}

async function openSpec(): Promise<void> {
  const spec = mainWindow ? await pickSpecFile(mainWindow) : undefined
  if (spec && mainWindow) sendPush(mainWindow.webContents, 'spec.open', spec)
}

async function openExample(name: string): Promise<void> {
  const example = await service?.handlers['examples.read']({ name }).catch(() => undefined)
  if (example && mainWindow) sendPush(mainWindow.webContents, 'spec.open', { fileName: example.name, text: example.text })
}

function start(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  const appService = createAppService({
    runsDir: process.env.ORCHESTRATOR_RUNS_DIR || join(app.getPath('userData'), 'runs'),
    examplesDir,
    transport: 'electron',
    reveal: (absolutePath) => {
      shell.showItemInFolder(absolutePath)
      return true
    },
    secrets: createSafeStorageSecretStore(log),
    onError: (err) => log(err instanceof Error ? (err.stack ?? err.message) : String(err)),
  })
  service = appService
  registerIpc(ipcMain, {
    dispatch: createDispatcher(appService.handlers, { onInternalError: (channel, err) => log(`${channel}: ${String(err)}`) }),
    trusted,
    onRefused: (channel, url) => log(`refused ${channel} from ${url ?? 'a destroyed frame'}`),
  })
  Menu.setApplicationMenu(
    buildAppMenu({
      examples: listExamples(examplesDir),
      onOpenSpec: () => void openSpec(),
      onExample: (name) => void openExample(name),
      devTools: !app.isPackaged,
    }),
  )
  mainWindow = createWindow(appService)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  void app.whenReady().then(start)
  app.on('before-quit', (event) => {
    if (quitting || !service) return
    event.preventDefault()
    const appService = service
    void confirmQuitDuringRuns(appService.activeRuns().length).then(async (ok) => {
      if (!ok) return
      quitting = true
      await appService.shutdown()
      app.quit()
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && service) mainWindow = createWindow(service)
  })
}
