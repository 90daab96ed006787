import { describe, expect, it } from 'vitest'
import { BRANDING_ICONS, marketplaceProblems, metadataSyntaxProblems } from './index'

const listed = (file: string, manifest: Record<string, unknown>) => ({ file, manifest })
const good = { name: 'Good', description: 'x'.repeat(124), branding: { icon: 'table', color: 'black' } }

describe('marketplaceProblems', () => {
  it('accepts a description of 124 characters, a unique name and listed branding', () => {
    expect(marketplaceProblems([listed('a/action.yml', good)])).toEqual([])
  })

  it('refuses 125 characters, a name used twice (in any case), and unlisted branding', () => {
    expect(
      marketplaceProblems([
        listed('a/action.yml', good),
        listed('b/action.yml', {
          name: 'GOOD',
          description: 'y'.repeat(125),
          branding: { icon: 'coffee', color: 'pink' },
        }),
        listed('c/action.yml', {}),
      ]),
    ).toEqual([
      "b/action.yml: name 'GOOD' is already the name of a/action.yml",
      'b/action.yml: description has 125 characters; the Marketplace takes fewer than 125',
      "b/action.yml: branding.icon 'coffee' is not one of the Feather icons GitHub accepts",
      "b/action.yml: branding.color 'pink' is not one of white, black, yellow, blue, green, orange, red, purple, gray-dark",
      'c/action.yml: name is missing',
      'c/action.yml: description is missing',
      "c/action.yml: branding.icon '' is not one of the Feather icons GitHub accepts",
      "c/action.yml: branding.color '' is not one of white, black, yellow, blue, green, orange, red, purple, gray-dark",
    ])
  })

  it('holds the 257 icons of the docs’ exhaustive list', () => {
    expect(BRANDING_ICONS.size).toBe(257)
    for (const omitted of [
      'coffee',
      'columns',
      'divide',
      'frown',
      'hexagon',
      'key',
      'tool',
      'x-octagon',
      'github',
    ])
      expect(BRANDING_ICONS.has(omitted)).toBe(false)
  })
})

describe('metadataSyntaxProblems', () => {
  it('refuses undocumented keys, a missing name, description or runs, and an unlisted runs.using', () => {
    const text = `nmae: Typo
description: ''
inputs:
  token:
    descripton: x
    required: true
outputs:
  out:
    default: x
branding:
  colour: red
runs:
  using: node18
  main: index.js
`
    expect(metadataSyntaxProblems(text, 'action.yml')).toEqual([
      "action.yml (Line: 1, Col: 1): 'nmae' is not a key of action.yml (the documented keys are name, author, description, inputs, outputs, runs, branding)",
      "action.yml (Line: 1, Col: 1): 'name' is required",
      "action.yml (Line: 2, Col: 1): 'description' is required",
      "action.yml (Line: 5, Col: 5): 'descripton' is not a key of input 'token' (the documented keys are description, required, default, deprecationMessage)",
      "action.yml (Line: 9, Col: 5): 'default' is not a key of output 'out' (the documented keys are description, value)",
      "action.yml (Line: 11, Col: 3): 'colour' is not a key of branding (the documented keys are icon, color)",
      "action.yml (Line: 13, Col: 10): runs.using 'node18' is not one of docker, node12, node16, node20, node24, composite",
    ])
  })

  it('accepts a complete manifest', () => {
    const text = `name: Fine\nauthor: me\ndescription: Does it.\ninputs:\n  a:\n    description: A\n    deprecationMessage: Use b\nbranding:\n  icon: zap\n  color: red\nruns:\n  using: docker\n  image: Dockerfile\n`
    expect(metadataSyntaxProblems(text, 'action.yml')).toEqual([])
  })
})
