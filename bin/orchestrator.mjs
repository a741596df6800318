#!/usr/bin/env node
// Entry point of the `orchestrator` command: runs the bundled CLI from out/cli.
import '../out/cli/orchestrator.mjs'
