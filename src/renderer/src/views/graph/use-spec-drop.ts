/**
 * Accepts a file dropped anywhere on the window: prevents the browser from navigating to it; a
 * .zip is imported as a run bundle, anything else is read as a spec, loaded into the graph store
 * and shown in the Graph view.
 */
import { useEffect, useState } from 'react'
import { useAppStore } from '../../stores/app-store'
import { importBundle } from '../../stores/import-bundle'
import { loadSpecFile } from './spec-source'

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files')

export function useSpecDrop(): boolean {
  const [dragging, setDragging] = useState(false)
  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
      setDragging(true)
    }
    const leave = (e: DragEvent): void => {
      if (e.relatedTarget === null) setDragging(false)
    }
    const drop = (e: DragEvent): void => {
      e.preventDefault()
      setDragging(false)
      const file = e.dataTransfer?.files[0]
      if (!file) return
      if (/\.zip$/i.test(file.name)) return void importBundle(file)
      useAppStore.getState().setView('graph')
      void loadSpecFile(file)
    }
    window.addEventListener('dragover', over)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [])
  return dragging
}
