// `npm run doctor`: a one-shot check of every configured dependency (scripts/doctor.ts prints it).
export { runDoctor, DEFAULT_TIMEOUT_MS } from './doctor.ts'
export { planChecks, testClip, TEST_PROMPT, TEST_QUESTION, TEST_SENTENCE } from './plan.ts'
export { explainError, DoctorTimeoutError } from './explain.ts'
export { formatResult, formatSummary, formatDuration, redact, secretValues, toAscii } from './report.ts'
export type { CheckOutcome, CheckResult, CheckStatus, DoctorOptions, DoctorReport, DoctorTools, ErrorHints, PlannedCheck } from './types.ts'
