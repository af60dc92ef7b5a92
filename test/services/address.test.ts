import t from 'tap'
import { hostOf } from '../../src/services/address.ts'

t.test('hostOf: host and port only, never credentials, path or query', async (t) => {
  t.equal(hostOf('http://user:s3cret@127.0.0.1:8080/v1?key=abc'), '127.0.0.1:8080')
  t.equal(hostOf('wss://asr-api.prosa.ai/v2/speech/stt/streaming'), 'asr-api.prosa.ai')
  t.equal(hostOf('not a url s3cret'), 'the configured address')
})
