export {
  checkActionManifest,
  loadActionManifest,
  ActionManifestError,
  type ManifestCheck,
} from './load-action-manifest'
export { checkExpression } from './expression-syntax'
export { convertRuns, RUNS_USING } from './convert-runs'
export { metadataSyntaxProblems } from './metadata-syntax'
export { marketplaceProblems, MAX_DESCRIPTION_LENGTH, type ListedAction } from './marketplace'
export { BRANDING_COLORS, BRANDING_ICONS } from './branding'
export { actionSchema, ACTION_ROOT, type SchemaDefinition } from './runner-schema'
export { actionInputEnv, inputEnvName, type DeclaredInput } from './action-inputs'
