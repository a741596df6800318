/** Types of find-browser.mjs for playwright.config.ts. */
export function findBrowser(env?: NodeJS.ProcessEnv): string | null
export function ensureBrowser(): string
