import { describe, expect, it } from 'vitest'
import { registryOf } from '@pipeline-kit/image-meta'
import { parseContainerSpec } from './container-spec'
import { parsePortMappings } from './job-services'

describe('parseContainerSpec', () => {
  it('reads a string as the image', () => {
    expect(parseContainerSpec('busybox', 'jobs.a.container')).toEqual({
      image: 'busybox',
      env: {},
      ports: [],
      volumes: [],
      options: [],
    })
  })

  it('reads image, env, ports, volumes, options and credentials', () => {
    expect(
      parseContainerSpec(
        {
          image: 'registry.local:5000/web:1',
          env: { A: '1', B: true },
          ports: ['8080:80', 53],
          volumes: ['/tmp:/data'],
          options: '--health-cmd "wget -q -O- http://localhost/" --health-interval 1s',
          credentials: { username: 'u', password: 'p' },
        },
        'jobs.a.services.web',
      ),
    ).toEqual({
      image: 'registry.local:5000/web:1',
      env: { A: '1', B: 'true' },
      ports: ['8080:80', '53'],
      volumes: ['/tmp:/data'],
      options: ['--health-cmd', 'wget -q -O- http://localhost/', '--health-interval', '1s'],
      credentials: { username: 'u', password: 'p' },
    })
  })

  it('skips an empty image, as GitHub does', () => {
    expect(parseContainerSpec({ image: '' }, 'jobs.a.container')).toBeUndefined()
    expect(parseContainerSpec('', 'jobs.a.container')).toBeUndefined()
  })

  it('refuses credentials without a password, naming the place', () => {
    expect(() =>
      parseContainerSpec({ image: 'x', credentials: { username: 'u' } }, 'jobs.a.services.db'),
    ).toThrow(/jobs\.a\.services\.db\.credentials needs both username and password \(got no password\)/)
  })

  it('refuses ports that are not a list', () => {
    expect(() => parseContainerSpec({ image: 'x', ports: '80' }, 'jobs.a.container')).toThrow(
      /jobs\.a\.container\.ports must be a list/,
    )
  })
})

describe('registryOf, for a container or service image', () => {
  it.each([
    ['busybox', 'docker.io'],
    ['octo/app:1', 'docker.io'],
    ['ghcr.io/octo/app', 'ghcr.io'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000'],
    ['localhost/app', 'localhost'],
  ])('%s → %s', (image, registry) => expect(registryOf(image)).toBe(registry))
})

describe('parsePortMappings', () => {
  it('maps container ports to host ports, the first binding of each', () => {
    expect(
      parsePortMappings('80/tcp -> 0.0.0.0:49153\n80/tcp -> [::]:49153\n53/udp -> 127.0.0.1:5353\n'),
    ).toEqual({
      '80': '49153',
      '53': '5353',
    })
  })
})
