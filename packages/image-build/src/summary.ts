import { detailsBlock, escapeCell, formatDuration, markdownTable } from '@pipeline-kit/common'
import type { ImageBuildResult } from './run-image-build'

/** Bytes as B, KiB, MiB or GiB with one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** The job summary: references, digest, size, timings, ignored options and findings. */
export function renderBuildSummary(result: ImageBuildResult): string {
  const lines = [`## Image ${escapeCell(result.version || result.imageId.slice(0, 19))}`, '']
  lines.push(
    markdownTable(
      ['', ''],
      [
        ['Digest', result.digest ? `\`${result.digest}\`` : result.pushed ? 'unknown' : 'not pushed'],
        ['Image id', `\`${result.imageId}\``],
        ['Size', result.sizeBytes === undefined ? 'unknown' : formatBytes(result.sizeBytes)],
        ['Build time', formatDuration(result.buildMs)],
        ['Push time', result.pushed ? formatDuration(result.pushMs) : 'not pushed'],
        ['Engine', result.engine === 'buildx' ? 'BuildKit (buildx)' : 'classic docker build'],
      ],
    ),
    '',
    '### Tags',
    '',
    ...result.references.map((r) => `- \`${r}\`${result.pushed ? ' (pushed)' : ''}`),
    '',
  )
  if (result.ignored.length) {
    lines.push('### Ignored options', '', ...result.ignored.map((i) => `- ${escapeCell(i)}`), '')
  }
  if (result.scan) {
    if (result.scan.findings.length === 0) {
      lines.push(
        `Secret scan: nothing found in ${result.scan.filesScanned} files across ${result.scan.layers} layers.`,
        '',
      )
    } else {
      lines.push(
        '### Possible secrets in the image',
        '',
        markdownTable(
          ['Layer', 'Path', 'Why', 'Deleted later'],
          result.scan.findings.map((f) => [
            f.layer,
            f.path,
            f.reason,
            f.removedLater ? 'yes (still in the layer)' : 'no',
          ]),
        ),
        '',
      )
    }
  }
  lines.push(
    detailsBlock(
      'Labels',
      Object.entries(result.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    ),
    '',
  )
  return lines.join('\n')
}
