/**
 * The one list of provider names, shared by the spec schema, the CLI's flags and help, the
 * provider registry and the app's pickers. `auto` is a choice, not a provider: it picks one of
 * the others at run time. Server providers are those with a base URL (spec `base_urls:`).
 */
const PROVIDER_NAMES = ['ollama', 'openai', 'anthropic', 'mlx', 'demo'] as const
export type ProviderName = (typeof PROVIDER_NAMES)[number]

/** What a user may choose where a provider is asked for (flag, spec, picker). */
export const PROVIDER_CHOICES = ['auto', ...PROVIDER_NAMES] as const

/** Providers reached over HTTP at a configurable address. */
export const SERVER_PROVIDERS = ['ollama', 'openai', 'anthropic', 'mlx'] as const satisfies readonly ProviderName[]
export type ServerProvider = (typeof SERVER_PROVIDERS)[number]

/** "auto, ollama, openai, anthropic, mlx or demo" for help and error texts. */
export function providerChoicesText(conjunction = 'or'): string {
  return `${PROVIDER_CHOICES.slice(0, -1).join(', ')} ${conjunction} ${PROVIDER_CHOICES[PROVIDER_CHOICES.length - 1]}`
}
