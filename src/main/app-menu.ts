/**
 * The native menu: File → Open spec… / Examples / Quit, plus the standard Edit, View (without
 * dev tools in packaged builds) and Window menus. Choices are reported through callbacks; the
 * menu itself never touches files or runs.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface AppMenuOptions {
  examples: { name: string; title: string }[]
  onOpenSpec: () => void
  onExample: (name: string) => void
  devTools: boolean
}

export function buildAppMenu(options: AppMenuOptions): Menu {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Spec…', accelerator: 'CmdOrCtrl+O', click: () => options.onOpenSpec() },
        {
          label: 'Examples',
          submenu:
            options.examples.length > 0
              ? options.examples.map((e) => ({ label: `${e.title} (${e.name})`, click: () => options.onExample(e.name) }))
              : [{ label: 'No examples found', enabled: false }],
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
  return Menu.buildFromTemplate(template)
}
