#!/usr/bin/env bash
# `npm run setup`: installs the Debian packages the tests need (the npm ones
# come with `npm ci`). Idempotent: asks apt-get only for what is missing, so
# a machine that has everything is left alone and needs no root.
#   chromium        the browser the cross-runtime tests drive (playwright-core
#                   never downloads one)
#   python3-torch, python3-sklearn, python3-optuna, python3-torchvision
#                   the references `npm run fixtures` and the tuning tests use
#                   (torchvision: the data.transforms fixtures)
#   postgresql      the storage server of the tuning tests (RDBStorage)
#   python3-psycopg2, python3-sqlalchemy
#                   Optuna's RDBStorage on PostgreSQL, for the interop tests
#   dataset-fashion-mnist
#                   Fashion-MNIST's four gzipped IDX files in /usr/share/datasets/fashion-mnist,
#                   for examples/fashion_mnist*.mjs and their test
set -euo pipefail

packages=(chromium python3-torch python3-sklearn python3-optuna python3-torchvision postgresql python3-psycopg2 python3-sqlalchemy dataset-fashion-mnist)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all system packages present (${packages[*]})"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup: installing ${missing[*]} needs root, and sudo is not available; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
