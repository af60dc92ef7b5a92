#!/usr/bin/env sh
# `npm test`: both runners, always. tap runs test/**/*.test.ts; vitest runs the official checkpoint
# conformance suite (test/**/*.vitest.ts), which needs vitest. A tap failure must not hide the
# conformance result (and the other way round): run both, report both, fail if either failed.
# Under CI a skipped test is a failure: every system tool a test needs is installed there.
if [ -n "${CI:-}" ] && [ "${CI}" != "false" ]; then set -- --fail-skip "$@"; fi
tap "$@"
tap_status=$?
vitest run --globals
vitest_status=$?
echo "npm test: tap exit ${tap_status}, vitest exit ${vitest_status}"
[ "$tap_status" -eq 0 ] && [ "$vitest_status" -eq 0 ]
