#!/usr/bin/env bash
# Installs the Debian packages the local cluster needs (openssl for the PKI,
# python3 with venv for JupyterLab) when one is missing and this runs as root
# with apt-get. Idempotent: with everything present it only checks.
# Go is not installed here because Debian's Go is older than the 1.26 the
# builds need.
set -euo pipefail

missing=()
command -v openssl >/dev/null || missing+=(openssl)
command -v python3 >/dev/null || missing+=(python3)
# Debian's python3 leaves out ensurepip, without which venv cannot install pip.
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "prerequisites: installing ${missing[*]} with apt-get" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "prerequisites: missing ${missing[*]}; install them (Debian: apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi

if ! command -v go >/dev/null; then
  echo "prerequisites: Go is missing; install Go 1.26 or newer from the official tarball and put it on PATH" >&2
  exit 1
fi
echo ok
