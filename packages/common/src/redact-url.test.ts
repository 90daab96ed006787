import { describe, expect, it } from 'vitest'
import { redactUrl, urlPasswords } from './redact-url'

describe('redactUrl', () => {
  it.each([
    ['http://deploy:S3cret@host/health', 'http://deploy:***@host/health'],
    ['https://u:p@127.0.0.1:8443', 'https://u:***@127.0.0.1:8443'],
    ['ssh://user:secret@h', 'ssh://user:***@h'],
    ['tcp://engine:pa:ss@h:2376', 'tcp://engine:***@h:2376'],
    // an unencoded '@' in the password: the authority ends at the last '@', as URL parsers read it
    ['http://u:p@ss@host/x?q=a@b', 'http://u:***@host/x?q=a@b'],
    // a URL that does not parse is redacted all the same
    ['http://deploy:S3cret@127.0.0.1:99999/health', 'http://deploy:***@127.0.0.1:99999/health'],
    ['GET http://a:one@x/ and https://b:two@y/', 'GET http://a:***@x/ and https://b:***@y/'],
    ['http://user@host/', 'http://user@host/'],
    ['http://host:8080/path', 'http://host:8080/path'],
    ['http://host/a:b@c', 'http://host/a:b@c'],
    ['mail me: me@example.com', 'mail me: me@example.com'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown)
  })
})

describe('urlPasswords', () => {
  it('lists the password as written, decoded and as a URL parser serialises it', () => {
    expect(urlPasswords('http://deploy:S3cret@host/')).toEqual(['S3cret'])
    expect(urlPasswords('http://u:p%40ss@host/')).toEqual(['p%40ss', 'p@ss'])
    expect(urlPasswords('http://u:p@ss@host/')).toEqual(expect.arrayContaining(['p@ss', 'p%40ss']))
    expect(urlPasswords('a http://a:one@x/\nb https://b:two@y/')).toEqual(['one', 'two'])
    expect(urlPasswords('http://user@host/ http://host:80/')).toEqual([])
  })
})
