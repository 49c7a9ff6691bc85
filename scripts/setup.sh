#!/usr/bin/env bash
# One-step set-up: installs the system packages, builds policyc in release
# mode and checks the example policy in policies/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bash scripts/install-packages.sh
swift build -c release --product policyc
.build/release/policyc check policies/
echo "policyc is built at .build/release/policyc"
