/**
 * The part of action-runtime's `Inputs` the provider parsers use (structural, so no
 * provider package depends on the runtime); `gh.input` satisfies it.
 */
export interface ProviderInputReader {
  optional(name: string): string | undefined
  boolean(name: string, fallback?: boolean): boolean
  string(name: string, fallback?: string): string
  integer(name: string, fallback: number | undefined, range?: { min?: number; max?: number }): number
  number(name: string, fallback: number | undefined, range?: { min?: number; max?: number }): number
  duration(name: string, fallbackMs: number | undefined, range?: { min?: number; max?: number }): number
  optionalInteger(name: string, range?: { min?: number; max?: number }): number | undefined
  optionalDuration(name: string, range?: { min?: number; max?: number }): number | undefined
  enum<const T extends string>(name: string, allowed: readonly T[], fallback?: T): T
  list(name: string, separators?: 'lines' | 'lines-and-commas'): string[]
  map(name: string): Record<string, string>
}
