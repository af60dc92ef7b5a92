#!/usr/bin/env sh
# `npm test`: both runners, always. tap runs test/**/*.test.ts; vitest runs the official checkpoint
# conformance suite (test/**/*.vitest.ts), which needs vitest. A tap failure must not hide the
# conformance result (and the other way round): run both, report both, fail if either failed.
tap "$@"
tap_status=$?
vitest run --globals
vitest_status=$?
echo "npm test: tap exit ${tap_status}, vitest exit ${vitest_status}"
[ "$tap_status" -eq 0 ] && [ "$vitest_status" -eq 0 ]
