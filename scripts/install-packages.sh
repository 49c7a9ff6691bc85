#!/usr/bin/env bash
# Installs the Debian packages policyc builds against: libyaml (YAML
# parsing), OpenSSL's libcrypto (SHA-256) and pkg-config, which SwiftPM
# uses to find them. Skips apt-get when they are already installed.
set -euo pipefail

packages=(libyaml-dev libssl-dev pkg-config git)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo_command=()
[ "$(id -u)" -ne 0 ] && sudo_command=(sudo)
echo "installing: ${missing[*]}"
"${sudo_command[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_command[@]}" apt-get install -y -q "${missing[@]}"
