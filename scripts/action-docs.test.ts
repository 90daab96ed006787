import { describe, expect, it } from 'vitest'
import { renderInputsTable, renderOutputsTable, replaceBetweenMarkers } from './action-docs'

describe('action docs', () => {
  it('renders tables from action.yml', () => {
    const action = {
      inputs: {
        urls: { description: 'URLs | one per line', required: true },
        method: { description: 'Method', default: 'GET' },
      },
      outputs: { passed: { description: 'true when passed' } },
    }
    expect(renderInputsTable(action)).toBe(
      '| Input | Required | Default | Description |\n| --- | --- | --- | --- |\n| `urls` | yes |  | URLs \\| one per line |\n| `method` | no | `GET` | Method |',
    )
    expect(renderOutputsTable(action)).toBe(
      '| Output | Description |\n| --- | --- |\n| `passed` | true when passed |',
    )
  })

  it('replaces only between markers and insists on them', () => {
    expect(replaceBetweenMarkers('a\n<!-- inputs -->\nold\n<!-- /inputs -->\nb', 'inputs', 'new')).toBe(
      'a\n<!-- inputs -->\nnew\n<!-- /inputs -->\nb',
    )
    expect(() => replaceBetweenMarkers('no markers', 'inputs', 'x')).toThrow(
      'README has no <!-- inputs --> … <!-- /inputs --> markers',
    )
  })
})
