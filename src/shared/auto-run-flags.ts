/**
 * Files that run commands on their own when the generated project is installed or opened in an
 * editor or shell (users open outputs in their IDEs): the flag codes that `file.flagged` events
 * and manifest file entries carry, and what each means, for the CLI and the app alike.
 */
const AUTO_RUN_FLAGS = {
  npm_lifecycle_script: 'package.json with an install-time script (preinstall, install, postinstall, prepare…): npm runs it',
  git_hook: 'a git hook (.husky/, .githooks/, .pre-commit-config.yaml): git runs it on commit or push',
  direnv: '.envrc: direnv runs it when a shell enters the folder',
  devcontainer: '.devcontainer/: an editor runs its commands when the folder is reopened in a container',
  agent_config:
    'an AI-agent or editor config (.claude/, .cursor/, .mcp.json, .vscode/…): it can run commands or tools when the folder is opened',
} as const

export type AutoRunFlag = keyof typeof AUTO_RUN_FLAGS

export function describeAutoRunFlag(flag: string): string {
  return Object.hasOwn(AUTO_RUN_FLAGS, flag) ? AUTO_RUN_FLAGS[flag as AutoRunFlag] : flag
}
