#!/usr/bin/env bash
# Installs Debian's Prometheus binary for the local cluster's demo profile and
# metrics tests, without the node exporter it recommends and without starting
# its system service: the cluster starts /usr/bin/prometheus itself with its
# own loopback-only config (test/cluster/prometheus.ts).
set -euo pipefail

if [[ -x /usr/bin/prometheus ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-prometheus: /usr/bin/prometheus is missing; run as root or: sudo apt-get install -y --no-install-recommends prometheus" >&2
  exit 1
fi

# Debian starts a package's service during installation unless policy-rc.d
# forbids it (exit 101). Add one for the duration of the install if the
# machine has none, and remove it again afterwards.
policy=/usr/sbin/policy-rc.d
added_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  added_policy=true
fi
cleanup() { if $added_policy; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends prometheus; then
  apt-get update
  apt-get install -y --no-install-recommends prometheus
fi
# On a systemd machine the package still enables its unit for the next boot; the cluster never uses it.
if [[ -d /run/systemd/system ]]; then
  systemctl disable --now prometheus.service
fi
/usr/bin/prometheus --version
