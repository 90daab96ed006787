export { dockerWithSecrets, outputTail, SecretList } from './docker'
export { loginRegistries, logoutRegistries, type RegistryLogin } from './login'
export type { BuildOptions, BuildTarget, BuildCommand, BuildEngine } from './build-options'
export { buildxCommand, classicCommand, parseCsvAttributes, type BuildFiles } from './build-command'
export { chooseBuildEngine, type EngineChoice, type EnginePreference } from './engine'
export {
  buildImage,
  checkBuildInputs,
  explainBuildFailure,
  inspectImage,
  pushReferences,
  type BuiltImage,
  type PushResult,
  type ImageDetails,
} from './build-image'
export { TarParser, type TarEntry, type TarEntrySink } from './tar-stream'
export {
  scanImageArchive,
  scanImageForSecrets,
  classifySecretPath,
  classifySecretContent,
  type SecretFinding,
  type SecretScanResult,
} from './secret-scan'
export {
  runImageBuild,
  shouldPush,
  describeBuild,
  type ImageBuildRequest,
  type ImageBuildDeps,
  type ImageBuildResult,
  type PushMode,
  type ScanMode,
} from './run-image-build'
export { renderBuildSummary, formatBytes } from './summary'
