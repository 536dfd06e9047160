#!/usr/bin/env bash
# Installs JupyterLab from PyPI into a virtual environment cached outside the
# repository, keyed by version; notebook pods of the local cluster are
# port-forwarded to a server started from it. Idempotent: a finished install
# leaves a stamp file and later runs only print the folder.
#
# Prints the venv folder on its last line of stdout.
set -euo pipefail

JUPYTERLAB_VERSION=4.6.6

cache_root=${DRUN_CLUSTER_CACHE:-$HOME/.cache/drun-desktop/cluster}
venv="$cache_root/venv-jupyterlab-$JUPYTERLAB_VERSION"
stamp="$venv/.complete"
log_dir="$cache_root/logs"
log="$log_dir/install-jupyter.log"

if [[ -f $stamp ]]; then
  echo "$venv"
  exit 0
fi

command -v python3 >/dev/null || { echo "install-jupyter: python3 is missing; install it with: apt-get install -y python3 python3-venv" >&2; exit 1; }
if ! python3 -m venv --help >/dev/null 2>&1; then
  echo "install-jupyter: the Python venv module is missing; install it with: apt-get install -y python3-venv" >&2
  exit 1
fi

mkdir -p "$log_dir"
rm -rf "$venv"
echo "install-jupyter: jupyterlab $JUPYTERLAB_VERSION -> $venv (log: $log)" >&2
started=$SECONDS
if ! { python3 -m venv "$venv" && "$venv/bin/python" -m pip install --no-input "jupyterlab==$JUPYTERLAB_VERSION"; } >"$log" 2>&1; then
  echo "install-jupyter: failed; command: python3 -m venv $venv && pip install jupyterlab==$JUPYTERLAB_VERSION; log: $log" >&2
  tail -20 "$log" >&2
  exit 1
fi
echo "install-jupyter: took $((SECONDS - started))s" >&2

touch "$stamp"
echo "$venv"
