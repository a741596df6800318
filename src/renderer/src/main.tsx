/** Renderer entry: zod without eval (the CSP forbids it), global styles, then the app. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { z } from 'zod'
import '@xyflow/react/dist/style.css'
import './styles.css'
import { App } from './app'

z.config({ jitless: true })

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
