// What Sentry is given: the seeded sample rate, and events scrubbed of user text and secrets.
import * as Sentry from '@sentry/node'
import type { ErrorEvent } from '@sentry/node'
import t from 'tap'
import { redactSecrets, secretValues, sentryOptions } from '../src/sentry-options.ts'
import { testConfig } from './support/helpers/app.ts'

t.test('tracing samples a tenth of requests unless told otherwise; 0 stays possible', async (t) => {
  t.equal(testConfig().SENTRY_TRACES_SAMPLE_RATE, 0.1)
  t.equal(sentryOptions(testConfig({ SENTRY_TRACES_SAMPLE_RATE: '0' }), Sentry).tracesSampleRate, 0)
  t.match(sentryOptions(testConfig(), Sentry).release, /^itb-chatbot@\d+\.\d+\.\d+/)
})

t.test('an event loses the request body, credential headers and every configured secret', async (t) => {
  const config = testConfig({ API_KEYS: 'first-client-key-1234, second-client-key-5678', TOGETHER_API_KEY: 'together-secret-abcdef' })
  t.same(secretValues(config).sort(), ['first-client-key-1234', 'second-client-key-5678', 'together-secret-abcdef'])
  const event: ErrorEvent = {
    type: undefined,
    message: 'upstream said: invalid key together-secret-abcdef',
    request: {
      url: '/v1/chat',
      data: '{"message":"pertanyaan pribadi"}',
      headers: { 'x-api-key': 'second-client-key-5678', Authorization: 'Bearer x', 'user-agent': 'curl' }
    },
    breadcrumbs: [{ message: 'GET http://vendor/?key=first-client-key-1234' }]
  }
  const sent = await sentryOptions(config, Sentry).beforeSend?.(event, {}) as ErrorEvent
  const text = JSON.stringify(sent)
  for (const secret of ['first-client-key-1234', 'second-client-key-5678', 'together-secret-abcdef', 'pertanyaan pribadi', 'Bearer x']) {
    t.notOk(text.includes(secret), `${secret} is gone`)
  }
  t.equal(sent.request?.headers?.['user-agent'], 'curl', 'the rest stays')
  t.equal(sent.message, 'upstream said: invalid key [redacted]')
})

t.test('a secret with characters JSON escapes (a quote, a backslash) is blanked too', async (t) => {
  const secret = 'pa"ss\\word-0123'
  const scrubbed = redactSecrets({ message: `the vendor quoted ${secret} back`, nested: [{ url: `https://x/?k=${secret}` }] }, [secret])
  t.same(scrubbed, { message: 'the vendor quoted [redacted] back', nested: [{ url: 'https://x/?k=[redacted]' }] })
})
