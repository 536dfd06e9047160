#!/usr/bin/env bash
# Builds the local cluster's binaries from the Go module proxy into a cache
# outside the repository, keyed by the pinned versions and go.sum hashes, so
# only the first run on a machine pays for the build.
#
# Prints the binary folder on its last line of stdout.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
K8S_VERSION=1.37.2
ETCD_VERSION=3.7.3
KWOK_VERSION=0.8.0

cache_root=${DRUN_CLUSTER_CACHE:-$HOME/.cache/drun-desktop/cluster}
# Only the modules built here are hashed; other tools (Kueue) have their own cache keys.
sums=$(cat "$HERE"/tools/{k8s,etcd,kwok}/go.sum | sha256sum | cut -c1-12)
out="$cache_root/bin-k8s$K8S_VERSION-etcd$ETCD_VERSION-kwok$KWOK_VERSION-$sums"
stamp="$out/.complete"
log_dir="$cache_root/logs"

if [[ -f $stamp ]]; then
  echo "$out"
  exit 0
fi

command -v go >/dev/null || { echo "build: Go is missing; install Go 1.26 (see README)" >&2; exit 1; }
mkdir -p "$out" "$log_dir"

# Same flags as upstream's hack/lib/golang.sh: static binaries, stripped, with
# version ldflags so /version reports a real version instead of v0.0.0-master.
minor=${K8S_VERSION#1.}; minor=${minor%%.*}
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  version_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

build() { # build <component> <module dir> <ldflags> <packages...>
  local name=$1 dir=$2 ldflags=$3; shift 3
  local log="$log_dir/build-$name.log"
  echo "build: $name ($*) -> $out (log: $log)" >&2
  local started=$SECONDS
  if ! (cd "$HERE/tools/$dir" && CGO_ENABLED=0 go build -p "$(nproc)" -trimpath \
        -tags selinux,notest -ldflags "-s -w -buildid= $ldflags" -o "$out/" "$@") >"$log" 2>&1; then
    echo "build: $name failed; command: go build $* in test/cluster/tools/$dir; log: $log" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  echo "build: $name took $((SECONDS - started))s" >&2
}

build etcd etcd "" go.etcd.io/etcd/server/v3
# go build names the binary after the last path element without its major
# version suffix, so go.etcd.io/etcd/server/v3 comes out as "server".
mv -f "$out/server" "$out/etcd"
build kwok kwok "" sigs.k8s.io/kwok/cmd/kwok
build kubernetes k8s "$version_flags" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl

touch "$stamp"
echo "$out"
