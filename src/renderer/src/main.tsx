/**
 * Renderer entry: zod without eval (the CSP forbids it; set before zod loads, see zod-jitless),
 * global styles, then the app. Nothing here loads zod, React Flow or the contracts' schemas: they
 * come with the chunks that need them, so the first screen parses only React and the shell.
 */
import './zod-jitless'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './app'

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
