#!/usr/bin/env bash
# Builds everything and runs every test project; ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Reference implementations (polkadot.js) used by compatibility tests.
if [ -f tests/compat/package.json ] && [ ! -d tests/compat/node_modules ]; then
  (cd tests/compat && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in tests/compat"; echo "0 passed, 1 failed"; exit 1; }
fi

# AssemblyScript SDK: the example contracts are built from source before the .NET tests load them
# (tests/Veil.Wasm.Examples.Tests). npm ci again when the lock file changed; the build skips
# contracts whose outputs are newer than their sources.
sdk=sdk/assemblyscript
if [ -f "$sdk/package.json" ]; then
  if [ ! -f "$sdk/node_modules/.package-lock.json" ] || [ "$sdk/package-lock.json" -nt "$sdk/node_modules/.package-lock.json" ]; then
    (cd "$sdk" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $sdk"; echo "0 passed, 1 failed"; exit 1; }
  fi
  (cd "$sdk" && node tools/build.js) || { echo "building the AssemblyScript example contracts failed"; echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build Veil.slnx -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
dotnet test Veil.slnx -c Release --no-build -nologo -v q "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc)
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc)
passed=${passed:-0}
failed=${failed:-0}
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
