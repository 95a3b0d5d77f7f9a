#!/usr/bin/env bash
# Regenerates proto/gen from proto/race with buf + ts-proto (both from npm; no network, no protoc).
# The output is committed, so a fresh clone needs no codegen; run this after editing a .proto file.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf proto/gen
npx buf generate --path proto/race
echo "generated: $(find proto/gen -name '*.ts' | wc -l) files in proto/gen"
