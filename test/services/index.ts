export { requireService, commandSucceeds, dockerIsRunning, needDocker } from './require-service'
export { buildBusyboxImage, busyboxBinary, dockerRemove, type BusyboxImageOptions } from './busybox-image'
export {
  startFlakyProxy,
  manifestRequests,
  type FlakyProxy,
  type FlakyFailure,
  type ProxiedRequest,
  type RequestMatcher,
} from './flaky-proxy'
