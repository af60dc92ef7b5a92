// A lighter per-step run context for LangChain, installed once by the assistant plugin.
//
// LangChain keeps each runnable's config in an AsyncLocalStorage store, so a call made inside a
// graph node (the chat model's) inherits the run's callbacks, and with them the token stream of
// `streamMode: 'messages'`. @langchain/core 1.4 wraps that config in a new LangSmith RunTree for
// every step, tracing on or off: a uuid7 from crypto.getRandomValues, two timestamp strings and
// several environment lookups, ~8 steps per turn. Measured with `--cpu-prof` under
// `npm run bench:chat` (b): 13% of the service's CPU; with this, (b) went from 3.1–3.8 to 2.5–2.6
// CPU ms per turn (docs/benchmarks.md). Upstream: langchain-ai/langchainjs#10043 (closed unmerged).
//
// Without a tracer the RunTree carries nothing but the config and `tracingEnabled: false`, so this
// stores exactly that, as a plain object that every reader in @langchain/core and langsmith accepts
// (they read `extra[lc:child_config]`, `tracingEnabled` and the context-variable key). A step whose
// callbacks hold a LangSmith tracer goes through LangChain's own code, so tracing is unchanged.
// One difference: `setContextVariable` called inside an untraced step would replace the store with
// one that lacks the step's config (it copies only a real RunTree). Nothing in this service calls it.
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons'
import type { RunnableConfig } from '@langchain/core/runnables'

const CHILD_CONFIG = Symbol.for('lc:child_config')
const CONTEXT_VARIABLES = Symbol.for('lc:context_variables')
const INSTALLED = Symbol.for('itb-chatbot:light-run-context')

type Provider = typeof AsyncLocalStorageProviderSingleton & { [INSTALLED]?: true }
type Store = { tracingEnabled?: boolean, extra?: Record<symbol, unknown>, [CONTEXT_VARIABLES]?: unknown }

function hasTracer (callbacks: RunnableConfig['callbacks']): boolean {
  const handlers = Array.isArray(callbacks) ? callbacks : callbacks?.handlers
  return handlers?.some((handler) => 'name' in handler && handler.name === 'langchain_tracer') ?? false
}

/** Replaces LangChain's per-step context with the lighter one in this process; a second call does nothing. */
export function installLightRunContext (): void {
  const provider = AsyncLocalStorageProviderSingleton as Provider
  if (provider[INSTALLED] === true) return
  const original = provider.runWithConfig.bind(provider)
  provider.runWithConfig = function <T>(config: RunnableConfig, callback: () => T, avoidCreatingRootRunTree?: boolean): T {
    if (hasTracer(config?.callbacks)) return original(config, callback, avoidCreatingRootRunTree)
    const storage = provider.getInstance()
    const previous = storage.getStore() as Store | undefined
    let store: Store | undefined = avoidCreatingRootRunTree === true ? undefined : { tracingEnabled: false, extra: { [CHILD_CONFIG]: config } }
    if (previous?.[CONTEXT_VARIABLES] !== undefined) {
      store ??= {}
      store[CONTEXT_VARIABLES] = previous[CONTEXT_VARIABLES]
    }
    return storage.run(store, callback)
  }
  provider[INSTALLED] = true
}
