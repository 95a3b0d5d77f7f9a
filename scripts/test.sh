#!/usr/bin/env bash
# The project's test command: type-check, lint, then jest. Ends with the plain line
# "N passed, N failed" derived from jest's JSON report (CI reads that line).
set -u
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
failed_stage=0
echo "== tsc --noEmit"
if ! npx tsc --noEmit; then failed_stage=1; echo "type-check FAILED"; fi
echo "== eslint"
if ! npx eslint . --max-warnings=0; then failed_stage=1; echo "lint FAILED"; fi
echo "== jest"
report=.jest-results.json
rm -f "$report"
NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' \
  npx jest --ci --json --outputFile="$report" --maxWorkers=2 "$@"
jest_rc=$?
node -e '
const fs = require("fs");
let passed = 0, failed = 0;
try {
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  passed = r.numPassedTests; failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
} catch { failed = 1; }
failed += Number(process.argv[2]);
console.log(`${passed} passed, ${failed} failed`);
' "$report" "$failed_stage"
if [ "$jest_rc" -ne 0 ] || [ "$failed_stage" -ne 0 ]; then exit 1; fi
exit 0
