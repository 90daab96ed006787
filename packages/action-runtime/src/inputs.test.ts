import { describe, expect, it } from 'vitest'
import { Inputs, formatMs, inputsFrom, parseDuration } from './inputs'

const inputs = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '')

describe('Inputs', () => {
  it('reads required, optional and defaulted strings, trimmed', () => {
    const i = inputs({ a: '  x  ', empty: '   ' })
    expect(i.required('a')).toBe('x')
    expect(i.optional('empty')).toBeUndefined()
    expect(i.string('missing', 'fallback')).toBe('fallback')
    expect(() => i.required('empty')).toThrow("Input 'empty' is required but was empty")
    expect([...i.names]).toEqual(['a', 'empty', 'missing'])
  })

  it('reads booleans by the YAML 1.2 core schema only', () => {
    for (const t of ['true', 'True', 'TRUE']) expect(inputs({ b: t }).boolean('b')).toBe(true)
    for (const f of ['false', 'False', 'FALSE']) expect(inputs({ b: f }).boolean('b', true)).toBe(false)
    expect(inputs({}).boolean('b', true)).toBe(true)
    for (const bad of ['yes', 'on', '1', 'tRue'])
      expect(() => inputs({ b: bad }).boolean('b')).toThrow(
        `Input 'b' has invalid value '${bad}': expected true or false`,
      )
  })

  it('reads integers and numbers within ranges', () => {
    expect(inputs({ n: '42' }).integer('n', undefined, { min: 1, max: 100 })).toBe(42)
    expect(inputs({}).integer('n', 7)).toBe(7)
    expect(() => inputs({ n: '4.5' }).integer('n', 1)).toThrow(
      "Input 'n' has invalid value '4.5': expected a whole number",
    )
    expect(() => inputs({ n: '0' }).integer('n', 1, { min: 1, max: 10 })).toThrow(
      'expected a value from 1 to 10',
    )
    expect(inputs({ p: '87.5' }).number('p', undefined, { min: 0, max: 100 })).toBe(87.5)
    expect(() => inputs({ p: '120' }).number('p', undefined, { min: 0, max: 100 })).toThrow(
      "Input 'p' has invalid value '120': expected a value from 0 to 100",
    )
    expect(() => inputs({ p: 'abc' }).number('p', 0)).toThrow('expected a number')
    expect(() => inputs({}).integer('n', undefined)).toThrow("Input 'n' is required but was empty")
  })

  it('reads optional integers, numbers and durations: undefined when empty, checked when set', () => {
    expect(inputs({}).optionalInteger('n', { min: 1 })).toBeUndefined()
    expect(inputs({ n: '  ' }).optionalNumber('n')).toBeUndefined()
    expect(inputs({}).optionalDuration('t', { min: 1 })).toBeUndefined()
    expect(inputs({ n: '3' }).optionalInteger('n', { min: 0 })).toBe(3)
    expect(inputs({ p: '87.5' }).optionalNumber('p', { min: 0, max: 100 })).toBe(87.5)
    expect(inputs({ t: '2m' }).optionalDuration('t', { min: 1 })).toBe(120_000)
    expect(() => inputs({ n: '0' }).optionalInteger('n', { min: 1, max: 65535 })).toThrow(
      "Input 'n' has invalid value '0': expected a value from 1 to 65535",
    )
    expect(() => inputs({ p: '120' }).optionalNumber('p', { min: 0, max: 100 })).toThrow(
      "Input 'p' has invalid value '120': expected a value from 0 to 100",
    )
    expect(() => inputs({ t: 'soon' }).optionalDuration('t')).toThrow(
      "Input 't' has invalid value 'soon': expected a duration like 500ms, 30s, 2m or 1h",
    )
  })

  it('reads durations in several spellings', () => {
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration('30s')).toBe(30_000)
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('2h')).toBe(7_200_000)
    expect(parseDuration('15')).toBe(15_000)
    expect(parseDuration('1.5s')).toBe(1500)
    for (const bad of ['', '-5s', '5 s', '5x', 's', '1m-2s']) expect(parseDuration(bad)).toBeUndefined()
    expect(() => inputs({ t: '-5s' }).duration('t', 1000, { min: 1000, max: 3_600_000 })).toThrow(
      "Input 't' has invalid value '-5s': expected a duration like 500ms, 30s, 2m or 1h from 1s to 1h",
    )
    expect(() => inputs({ t: '2h' }).duration('t', 1000, { max: 3_600_000 })).toThrow(
      'expected a value of at most 1h',
    )
    expect(formatMs(90_000)).toBe('90s')
    expect(formatMs(250)).toBe('250ms')
  })

  it('reads enums, lists, maps and headers', () => {
    expect(inputs({ e: 'b' }).enum('e', ['a', 'b'])).toBe('b')
    expect(inputs({}).enum('e', ['a', 'b'], 'a')).toBe('a')
    expect(() => inputs({ e: 'c' }).enum('e', ['a', 'b'])).toThrow(
      "Input 'e' has invalid value 'c': expected one of a, b",
    )
    expect(inputs({ l: 'a, b\n c\n\n# comment\n' }).list('l')).toEqual(['a', 'b', 'c'])
    expect(inputs({ l: 'a, b\nc' }).list('l', 'lines')).toEqual(['a, b', 'c'])
    expect(inputs({ m: 'A=1\nB = x=y\n' }).map('m')).toEqual({ A: '1', B: 'x=y' })
    expect(() => inputs({ m: 'novalue' }).map('m')).toThrow(
      "Input 'm' has invalid value 'novalue': expected KEY=value lines",
    )
    expect(inputs({ h: 'Authorization: Bearer a:b\nX-Y: 1' }).headers('h')).toEqual({
      Authorization: 'Bearer a:b',
      'X-Y': '1',
    })
    expect(() => inputs({ h: 'Bad Header: 1' }).headers('h')).toThrow('a valid HTTP header name')
  })

  it('names a bad line of a secret-bearing input by its number, never its content', () => {
    const secret = new Inputs(
      (name) => ({ env: 'A=1\n\n# c\nTOKEN hunter22', h: 'Accept: */*\nX Token: t0k3n' })[name] ?? '',
      {
        env: 'key-values',
        h: 'headers',
      },
    )
    expect(() => secret.map('env')).toThrow(
      "Input 'env' has an invalid line 4 (not shown: it may hold a secret): expected KEY=value lines",
    )
    expect(() => secret.map('env')).not.toThrow(/hunter22/)
    expect(() => secret.headers('h')).toThrow(
      "Input 'h' has an invalid line 2 (not shown: it may hold a secret): expected 'Name: value' lines with a valid HTTP header name",
    )
    expect(() => secret.headers('h')).not.toThrow(/t0k3n/)
    expect(inputs({ l: 'a\n\n # x\n b ' }).lines('l')).toEqual([
      { text: 'a', number: 1 },
      { text: 'b', number: 4 },
    ])
  })

  it('shows a URL password as *** in an invalid value', () => {
    expect(() => inputs({ n: 'http://u:pw@h/' }).integer('n', undefined)).toThrow(
      "Input 'n' has invalid value 'http://u:***@h/': expected a whole number",
    )
  })
})

describe('inputsFrom', () => {
  it("takes the runtime's Inputs as they are, and wraps a plain reader with the secret inputs", () => {
    const given = inputs({ a: 'x' })
    expect(inputsFrom(given, { a: 'value' })).toBe(given)
    const wrapped = inputsFrom((name) => ({ token: 'pw' })[name] ?? '', { token: 'value' })
    expect(wrapped).toBeInstanceOf(Inputs)
    expect(wrapped.required('token')).toBe('pw')
    expect([...wrapped.names]).toEqual(['token'])
  })
})
