#!/usr/bin/env bash
# Runs the whole test suite: installs the system packages if needed, builds
# every target (the command-line tests run the built policyc binary), then
# runs the Swift Testing and XCTest suites.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bash scripts/install-packages.sh
swift build --build-tests
swift test --skip-build
