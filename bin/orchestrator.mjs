#!/usr/bin/env node
// Entry point of the `orchestrator` command: runs the bundled CLI from out/cli. On Node 22.1+ V8's
// compiled code of the bundle is kept between starts (Node's compile cache, in the OS temp folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache and starts as before.
import module from 'node:module'

module.enableCompileCache?.()
await import('../out/cli/orchestrator.mjs')
