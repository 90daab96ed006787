import { describe, expect, it } from 'vitest'
import { BoundedText } from './bounded-text'

describe('BoundedText', () => {
  it('keeps short text whole, across appends', () => {
    const text = new BoundedText(100)
    text.append('abc')
    text.append('def')
    expect(text.toString()).toBe('abcdef')
  })

  it('keeps the head and the tail of long text and says how much was cut', () => {
    const text = new BoundedText(8) // head 6, tail 2
    for (const chunk of ['0123', '4567', '89', 'ab', 'cd']) text.append(chunk)
    expect(text.toString()).toBe('012345\n… (6 characters cut) …\ncd')
    const one = new BoundedText(8)
    one.append('x'.repeat(100) + 'END')
    expect(one.toString()).toBe('xxxxxx\n… (95 characters cut) …\nND')
  })
})
