export { requireService, commandSucceeds, dockerIsRunning, needDocker } from './require-service'
export { buildBusyboxImage, busyboxBinary, dockerRemove, type BusyboxImageOptions } from './busybox-image'
