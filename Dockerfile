# itb-chatbot: one image for Docker, Compose and Kubernetes.
#   docker build -t itb-chatbot:1.0.0 .
#   docker run --rm -p 8000:8000 --env-file .env itb-chatbot:1.0.0
# The service runs its TypeScript directly with Node's type stripping: there is no compile step,
# the image ships src/ as it is in the repository.
#
# Stages:
#   build   – every dependency, then `npm run typecheck` (skip with --build-arg TYPECHECK=false);
#             the runtime copies the checked sources from here, so the check always runs.
#   deps    – production dependencies only (npm ci --omit=dev).
#   runtime – node:24-bookworm-slim + ffmpeg and espeak-ng (voice), non-root, no build tools.
# Needs BuildKit (the default builder since Docker 23) for the npm cache mounts.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json ./
COPY schemas ./schemas
COPY src ./src
# The operational CLIs only (the others are development tools that import test/ and bench/).
COPY scripts/doctor.ts scripts/ingest.ts ./scripts/
ARG TYPECHECK=true
RUN if [ "$TYPECHECK" = "true" ]; then npm run typecheck; else echo "typecheck skipped"; fi

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY package.json package-lock.json ./
# No production dependency has an install script or a native build: no compiler needed here.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

# ffmpeg decodes uploaded audio, espeak-ng (with its Indonesian and English voices) is the embedded speech
# synthesis, ca-certificates for the HTTPS/WSS calls to the vendors.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg espeak-ng ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*

WORKDIR /app

# Application files are owned by root and read-only for the service user; only DATA_DIR (the
# local search index, rebuilt at start-up from knowledge/) is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/src ./src
# scripts/doctor.ts and scripts/ingest.ts, run inside the container with `node scripts/….ts`.
COPY --from=build /app/scripts ./scripts
COPY knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data

# No NODE_ENV: behaviour comes from the validated configuration (.env.example), not from it.
ENV HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/app/data \
    KNOWLEDGE_DIR=/app/knowledge

# The image's own unprivileged user (uid 1000, gid 1000).
USER node

EXPOSE 8000

# Liveness with Node's fetch (the slim image has no curl). Start-up takes a few seconds (module
# loading and the local index build, ~0.3 s for the bundled corpus).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM: stop accepting, drain in-flight requests (SHUTDOWN_TIMEOUT), exit 0. Node is PID 1 and
# installs its own SIGTERM/SIGINT handlers, so the signal is not lost; no npm in between.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "./src/instrument.ts", "src/server.ts"]
