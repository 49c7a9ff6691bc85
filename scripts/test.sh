#!/usr/bin/env bash
# Runs the whole test suite: installs the system packages if needed, builds
# every target (the command-line tests run the built policyc binary), then
# runs the Swift Testing suites. The last line is "N passed, N failed", taken
# from Swift Testing's summary; the XCTest runner that swift test also starts
# has no tests and reports 0.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bash scripts/install-packages.sh
swift build --build-tests

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
swift test --skip-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

total=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)
failed=$(grep -Eo 'failed after [0-9.]+ seconds with [0-9]+ issues?' "$log" | tail -n 1 | grep -Eo '[0-9]+ issues?' | grep -Eo '[0-9]+' || true)
if [ -n "$total" ]; then
  if [ "$status" -eq 0 ]; then
    echo "$total passed, 0 failed"
  else
    echo "test run failed: $total tests, ${failed:-some} issues"
  fi
fi
exit "$status"
