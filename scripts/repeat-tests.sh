#!/usr/bin/env bash
# Runs each given jest file N times on its own and prints "<file>: <passed>/<N>": the flakiness check for the tests
# that spawn processes (issue 10: each must pass 10 times in a row). Without files: every file of the integration
# and e2e tiers. A failed run's output is kept in a temp file whose path goes to stderr. Usage: scripts/repeat-tests.sh N [test files...]
set -u
cd "$(dirname "$0")/.."
runs=${1:?usage: scripts/repeat-tests.sh N [test files...]}
shift
if [ "$#" -eq 0 ]; then
  mapfile -t files < <(NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' \
    npx jest --listTests --selectProjects integration e2e 2>/dev/null | sed "s#^$PWD/##" | grep "^test/" | sort)
else
  files=("$@")
fi
node scripts/build.js >/dev/null || exit 1
for f in "${files[@]}"; do
  ok=0
  for _ in $(seq "$runs"); do
    log=$(mktemp "${TMPDIR:-/tmp}/repeat-tests.XXXXXX")
    if NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' npx jest --ci "$f" >"$log" 2>&1; then
      ok=$((ok + 1))
      rm -f "$log"
    else
      echo "$f: failed run kept at $log" >&2
    fi
  done
  echo "$f: $ok/$runs"
done
