#!/usr/bin/env bash
# The project's test command: type-check, lint, formatting, proto/gen freshness, build dist/, then jest (all three tiers:
# unit, integration, e2e; extra arguments go to jest, e.g. `npm test -- --selectProjects unit`).
# Ends with the plain line "N passed, N failed" derived from jest's JSON report (CI reads that line).
set -u
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
failed_stage=0
echo "== tsc --noEmit"
if ! npx tsc --noEmit; then failed_stage=1; echo "type-check FAILED"; fi
# The dashboard page is browser code (DOM types): its own project (node/dashboard/web/tsconfig.json).
if ! npx tsc --noEmit -p node/dashboard/web; then failed_stage=1; echo "type-check of the dashboard page FAILED"; fi
echo "== eslint"
if ! npx eslint . --max-warnings=0; then failed_stage=1; echo "lint FAILED"; fi
echo "== prettier --check (npm run format rewrites)"
if ! npx prettier --check . --log-level warn; then failed_stage=1; echo "format FAILED: run npm run format"; fi
echo "== proto/gen is what npm run proto generates"
# buf and ts-proto both come from npm and buf.yaml takes its includes from node_modules: no network needed.
proto_tmp=$(mktemp -d)
if ! npx buf generate --path proto/race --output "$proto_tmp" || ! diff -r "$proto_tmp/proto/gen" proto/gen; then
  failed_stage=1; echo "proto/gen is stale or hand-edited: run npm run proto and commit the result"
fi
rm -rf "$proto_tmp"
echo "== build dist/"
# Tests that spawn raced run dist/: always rebuild so they never run stale code.
if ! node scripts/build.js; then failed_stage=1; echo "build FAILED"; fi
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
