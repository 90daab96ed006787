import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { listActionDirs } from './list-actions'

/**
 * The Feather icons (v4.28.0) GitHub accepts for `branding.icon`: the exhaustive list of
 * the metadata syntax reference, which leaves out brand icons and coffee, columns,
 * divide(-circle/-square), frown, hexagon, key, meh, mouse-pointer, smile, tool, x-octagon.
 */
const BRANDING_ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left
  align-right anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down
  arrow-left-circle arrow-left arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right
  arrow-up at-sign award bar-chart-2 bar-chart battery-charging battery bell-off bell bluetooth bold
  book-open book bookmark box briefcase calendar camera-off camera cast check-circle check-square check
  chevron-down chevron-left chevron-right chevron-up chevrons-down chevrons-left chevrons-right chevrons-up
  circle clipboard clock cloud-drizzle cloud-lightning cloud-off cloud-rain cloud-snow cloud code command
  compass copy corner-down-left corner-down-right corner-left-down corner-left-up corner-right-down
  corner-right-up corner-up-left corner-up-right cpu credit-card crop crosshair database delete disc
  dollar-sign download-cloud download droplet edit-2 edit-3 edit external-link eye-off eye fast-forward
  feather file-minus file-plus file-text file film filter flag folder-minus folder-plus folder gift
  git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones heart help-circle
  home image inbox info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail
  map-pin map maximize-2 maximize menu message-circle message-square mic-off mic minimize-2 minimize
  minus-circle minus-square minus monitor moon more-horizontal more-vertical move music navigation-2
  navigation octagon package paperclip pause-circle pause percent phone-call phone-forwarded phone-incoming
  phone-missed phone-off phone-outgoing phone pie-chart play-circle play plus-circle plus-square plus pocket
  power printer radio refresh-ccw refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search
  send server settings share-2 share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back
  skip-forward slash sliders smartphone speaker square star stop-circle sun sunrise sunset tablet tag target
  terminal thermometer thumbs-down thumbs-up toggle-left toggle-right trash-2 trash trending-down
  trending-up triangle truck tv type umbrella underline unlock upload-cloud upload user-check user-minus
  user-plus user-x user users video-off video voicemail volume-1 volume-2 volume-x volume watch wifi-off
  wifi wind x-circle x-square x zap-off zap zoom-in zoom-out`.split(/\s+/),
)

/** The badge background colours GitHub accepts for `branding.color`. */
const BRANDING_COLORS = new Set(['white', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'])

interface Entry {
  description?: unknown
  required?: unknown
  default?: unknown
}

const text = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0

/** Everything the Marketplace listing of one action needs; one message per missing piece. */
function marketplaceProblems(meta: Record<string, any>): string[] {
  const problems: string[] = []
  if (!text(meta.name)) problems.push('name is missing')
  else if (!/^[A-Z]/.test(meta.name)) problems.push(`name '${meta.name}' is not Title-case`)
  if (!text(meta.description)) problems.push('description is missing')
  if (meta.author !== 'pipeline-kit')
    problems.push(`author is '${meta.author ?? ''}', expected 'pipeline-kit'`)
  const icon = meta.branding?.icon
  const color = meta.branding?.color
  if (!BRANDING_ICONS.has(icon))
    problems.push(`branding.icon '${icon ?? ''}' is not one of GitHub's Feather icons`)
  if (!BRANDING_COLORS.has(color))
    problems.push(`branding.color '${color ?? ''}' is not one of ${[...BRANDING_COLORS].join(', ')}`)
  for (const [kind, entries] of [
    ['input', meta.inputs ?? {}],
    ['output', meta.outputs ?? {}],
  ] as const) {
    for (const [name, entry] of Object.entries(entries as Record<string, Entry | null>)) {
      if (!text(entry?.description)) problems.push(`${kind} '${name}' has no description`)
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) problems.push(`${kind} '${name}' is not kebab-case`)
    }
  }
  if (meta.runs?.using !== 'node24')
    problems.push(`runs.using is '${meta.runs?.using ?? ''}', expected node24`)
  if (meta.runs?.main !== 'dist/index.js')
    problems.push(`runs.main is '${meta.runs?.main ?? ''}', expected dist/index.js`)
  return problems
}

describe('action.yml metadata is complete for the Marketplace', () => {
  const dirs = listActionDirs()

  it('finds the actions', () => {
    expect(dirs.map((d) => basename(d))).toContain('smoke-test')
  })

  for (const dir of dirs) {
    it(`actions/${basename(dir)}`, () => {
      let meta: Record<string, any>
      try {
        meta = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as Record<string, any>
      } catch (error) {
        throw new Error(`actions/${basename(dir)}/action.yml is not valid YAML: ${(error as Error).message}`)
      }
      expect(marketplaceProblems(meta)).toEqual([])
    })
  }

  it('reports every gap of an incomplete action.yml', () => {
    expect(
      marketplaceProblems({
        name: 'lower',
        author: 'someone',
        branding: { icon: 'coffee', color: 'pink' },
        inputs: { Token: { required: true }, ok: { description: 'fine' } },
        outputs: { result: {} },
        runs: { using: 'node20', main: 'index.js' },
      }),
    ).toEqual([
      "name 'lower' is not Title-case",
      'description is missing',
      "author is 'someone', expected 'pipeline-kit'",
      "branding.icon 'coffee' is not one of GitHub's Feather icons",
      "branding.color 'pink' is not one of white, yellow, blue, green, orange, red, purple, gray-dark",
      "input 'Token' has no description",
      "input 'Token' is not kebab-case",
      "output 'result' has no description",
      "runs.using is 'node20', expected node24",
      "runs.main is 'index.js', expected dist/index.js",
    ])
    expect(BRANDING_ICONS.size).toBe(256)
  })
})
