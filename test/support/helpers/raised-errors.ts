// Every error the service's source raises with a literal code, as clients get it (through the errors
// plugin): for the tests that check each one is documented (OpenAPI) and explained (the demo).
import { readdirSync, readFileSync } from 'node:fs'
import { describeError } from '../../../src/plugins/errors.ts'
import { ServiceError, type ErrorKind } from '../../../src/services/errors.ts'
import { KnowledgeBaseError, type KnowledgeBaseErrorCode } from '../../../src/services/retrieval/errors.ts'

export interface Failure { status: number, code: string, message: string }

/** How speech clients write a code named after the product they call (`${product}_AUTH`). */
const PRODUCT = '$' + '{product}'

function sourceFiles (folder: URL): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(new URL(file, folder), 'utf8'))
}

/** Every error the source raises with a literal code, through the errors plugin as clients get it. */
export function raisedFailures (): Failure[] {
  const errors: ServiceError[] = []
  for (const text of sourceFiles(new URL('../../../src/', import.meta.url))) {
    for (const [, kind, code] of text.matchAll(/(?:new ServiceError|super)\(\s*'(\w+)',\s*['`]([A-Z_]*(?:\$\{product\})?[A-Z_]+)['`]/g)) {
      // Speech clients name their codes after the product they call.
      for (const product of code?.includes(PRODUCT) === true ? ['STT', 'TTS'] : ['']) {
        errors.push(new ServiceError(kind as ErrorKind, (code as string).replace(PRODUCT, product), 'An English message for operators (SOME_SETTING)'))
      }
    }
    for (const [, code] of text.matchAll(/new KnowledgeBaseError\('([A-Z_]+)'/g)) errors.push(new KnowledgeBaseError(code as KnowledgeBaseErrorCode, 'detail'))
    for (const [, code] of text.matchAll(/busyCode: '([A-Z_]+)'/g)) errors.push(new ServiceError('unavailable', code as string, 'Busy'))
  }
  return errors.map((error) => {
    const { statusCode, code, message } = describeError(error)
    return { status: statusCode, code, message }
  })
}
