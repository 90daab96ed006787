import { createRecordingLogger } from '@pipeline-kit/common'
import { describe, expect, it } from 'vitest'
import { commentAuthor, upsertStickyComment, type CommentClient } from './comment'

const BOT = 'github-actions[bot]'

/**
 * An in-memory client with GitHub's paging: pages of `perPage` comments. `me` is the token's
 * user for GET /user, or undefined for an installation token (GET /user answers 403). Comments
 * it creates are written by `me`, or by the Actions bot.
 */
function fakeClient(
  bodies: string[],
  fail?: { status: number; on: 'list' | 'create' | 'update' | 'user' },
  options: { me?: string; authors?: string[] } = {},
) {
  const calls: string[] = []
  const authors = options.authors ?? bodies.map(() => 'octocat')
  const error = () => Object.assign(new Error(`HTTP ${fail!.status}`), { status: fail!.status })
  const client: CommentClient = {
    paginate: {
      async *iterator(_route, params) {
        const perPage = Number(params.per_page)
        for (let page = 0; page * perPage < Math.max(bodies.length, 1); page++) {
          calls.push(`list page ${page + 1}`)
          if (fail?.on === 'list') throw error()
          yield {
            data: bodies.slice(page * perPage, (page + 1) * perPage).map((body, i) => ({
              id: page * perPage + i + 1,
              body,
              user: { login: authors[page * perPage + i]!, type: 'User' },
            })),
          }
        }
      },
    },
    rest: {
      users: {
        async getAuthenticated() {
          calls.push('get user')
          if (fail?.on === 'user') throw error()
          if (options.me === undefined)
            throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 })
          return { data: { login: options.me } }
        },
      },
      issues: {
        listComments: {},
        async createComment({ body }) {
          calls.push('create')
          if (fail?.on === 'create') throw error()
          bodies.push(body)
          authors.push(options.me ?? BOT)
          return { data: { id: bodies.length, html_url: `https://github.com/c/${bodies.length}` } }
        },
        async updateComment({ comment_id, body }) {
          calls.push(`update ${comment_id}`)
          if (fail?.on === 'update') throw error()
          bodies[comment_id - 1] = body
          return { data: { id: comment_id, html_url: `https://github.com/c/${comment_id}` } }
        },
      },
    },
  }
  return { client, calls }
}

const target = (body: string) => ({ owner: 'o', repo: 'r', issueNumber: 3, marker: '<!-- m -->', body })

describe('upsertStickyComment', () => {
  it('creates once, then updates the comment that carries the marker, stopping at its page', async () => {
    const bodies = Array.from({ length: 150 }, (_, i) => `comment ${i}`)
    const { client, calls } = fakeClient(bodies)
    const log = createRecordingLogger()
    expect(await upsertStickyComment(client, target('<!-- m -->\nfirst'), log)).toMatchObject({
      action: 'created',
      id: 151,
    })
    expect(calls).toEqual(['get user', 'list page 1', 'list page 2', 'create'])
    calls.length = 0
    expect(await upsertStickyComment(client, target('<!-- m -->\nsecond'), log)).toMatchObject({
      action: 'updated',
      id: 151,
    })
    expect(calls).toEqual(['get user', 'list page 1', 'list page 2', 'update 151'])
    expect(bodies.filter((b) => b.includes('<!-- m -->'))).toEqual(['<!-- m -->\nsecond'])
  })

  it('never updates a comment holding the marker that someone else wrote', async () => {
    const bodies = ['<!-- m -->\nquoted by a user', 'hello', '<!-- m -->\nanother bot']
    const { client, calls } = fakeClient(bodies, undefined, { authors: ['octocat', 'octocat', 'other[bot]'] })
    const log = createRecordingLogger()
    expect(await upsertStickyComment(client, target('<!-- m -->\nmine'), log)).toMatchObject({
      action: 'created',
      id: 4,
    })
    expect(bodies.slice(0, 3)).toEqual(['<!-- m -->\nquoted by a user', 'hello', '<!-- m -->\nanother bot'])
    calls.length = 0
    expect(await upsertStickyComment(client, target('<!-- m -->\nagain'), log)).toMatchObject({
      action: 'updated',
      id: 4,
    })
    expect(calls).toEqual(['get user', 'list page 1', 'update 4'])
    expect(bodies[0]).toBe('<!-- m -->\nquoted by a user')
  })

  it('matches the login GET /user names for a personal access token', async () => {
    const bodies = ['<!-- m -->\nby the bot', '<!-- m -->\nby me']
    const { client, calls } = fakeClient(bodies, undefined, {
      me: 'Release-Bot',
      authors: [BOT, 'release-bot'],
    })
    expect(
      await upsertStickyComment(client, target('<!-- m -->\nnew'), createRecordingLogger()),
    ).toMatchObject({
      action: 'updated',
      id: 2,
    })
    expect(calls).toEqual(['get user', 'list page 1', 'update 2'])
    expect(bodies[0]).toBe('<!-- m -->\nby the bot')
  })

  it('falls back to github-actions[bot] on 403 only', async () => {
    expect(await commentAuthor(fakeClient([]).client)).toBe(BOT)
    expect(await commentAuthor(fakeClient([], undefined, { me: 'octocat' }).client)).toBe('octocat')
    await expect(commentAuthor(fakeClient([], { status: 500, on: 'user' }).client)).rejects.toThrow(
      'HTTP 500',
    )
  })

  it('returns forbidden for 403 and 404, and rethrows anything else', async () => {
    const log = createRecordingLogger()
    const forbidden = await upsertStickyComment(
      fakeClient([], { status: 403, on: 'create' }).client,
      target('<!-- m -->'),
      log,
    )
    expect(forbidden).toMatchObject({ action: 'forbidden', reason: expect.stringContaining('(HTTP 403)') })
    expect(log.lines.at(-1)).toMatchObject({ level: 'warning' })
    const hidden = await upsertStickyComment(
      fakeClient([], { status: 404, on: 'list' }).client,
      target('<!-- m -->'),
      log,
    )
    expect(hidden.action).toBe('forbidden')
    await expect(
      upsertStickyComment(fakeClient([], { status: 500, on: 'create' }).client, target('<!-- m -->'), log),
    ).rejects.toThrow('HTTP 500')
    await expect(upsertStickyComment(fakeClient([]).client, target('no marker'), log)).rejects.toThrow(
      'the comment body must contain its marker',
    )
  })
})
