import type { HealthCheckSettings, SwarmConnection } from '@pipeline-kit/deploy-swarm'

/**
 * How traffic moves to the new container.
 * - `proxy`: blue/green beside each other. The new container serves on the idle one of two
 *   ports while the old one keeps serving; once healthy, the proxy reload command points the
 *   proxy at the new port (zero downtime). Works with host networking.
 * - `stop-start`: one stable port. The old container is stopped (kept), the new one starts on
 *   the same port; on failure the new one is removed and the old one started again. A short
 *   gap in service, no proxy needed.
 */
export type SwitchStrategy = 'proxy' | 'stop-start'

export interface DockerDeployOptions {
  /** Stable container name; the serving container always carries it. */
  readonly name: string
  readonly image: string
  readonly releaseId: string
  readonly strategy: SwitchStrategy
  /** `host` (the container serves on the host's network) or `bridge` (ports published). */
  readonly network: 'host' | 'bridge'
  /** Host ports: two for `proxy` (blue and green), one for `stop-start`. */
  readonly ports: readonly number[]
  /** With `bridge`: the port the app listens on inside the container. */
  readonly containerPort?: number
  /** Non-secret environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Secret environment; like env it reaches docker only through a 0600 --env-file. */
  readonly secretEnv?: Readonly<Record<string, string>>
  /** Overrides the image's HEALTHCHECK. */
  readonly healthCheck?: HealthCheckSettings
  /** How long the new container may take to become healthy. */
  readonly readyTimeoutMs: number
  /** Container running the proxy; the reload command runs in it with docker exec. Else it runs on the runner. */
  readonly proxyContainer?: string
  /** Shell command that points the proxy at $PK_UPSTREAM_PORT (strategy proxy). */
  readonly proxyReload?: string
  /**
   * When a first deployment fails (or is rolled back) there is no earlier container to go
   * back to: false (default) stops and removes the failed container, true keeps it running.
   */
  readonly keepFailed?: boolean
  readonly connection?: SwarmConnection
}

export type DockerRollbackOptions = Omit<DockerDeployOptions, 'image' | 'releaseId'>
