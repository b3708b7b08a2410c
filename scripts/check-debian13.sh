#!/usr/bin/env bash
# check-debian13.sh [ROOT]: builds Olis on Debian 13 (trixie: gcc 14, libtorch 2.6, Qt 6.8) and runs the
# unit, parity and gui tests there. Not part of CI (it takes hours on two cores the first time).
#
#   ROOT  where trixie is debootstrapped (default: .cache/debian13 in the checkout, ignored by git).
#
# Steps: debootstrap trixie (once), bind-mount this checkout at /src/olis and ../shared at /src/shared,
# run the project's own scripts/install-deps.sh inside, configure the dev preset into /build/olis (inside
# ROOT, so the host's build/ is untouched), build niced, and run `ctest -L 'unit|parity|gui'` with CI=1 (a
# missing fixture fails instead of skipping). ccache keeps its own cache in ROOT/var/cache/olis-ccache, so
# a rerun recompiles only what changed. OLIS_JOBS (default 1) sets the build jobs; --setup-only stops
# after install-deps; --cxx20 builds as C++20 (-DCMAKE_CXX_STANDARD=20) into /build/olis-cxx20 instead.
# Needs root. The summary goes to stdout and ROOT/olis-check-result.txt (olis-check-result-cxx20.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$PWD
shared=$(cd .. && pwd)/shared
# shellcheck source=lib/debian-chroot.sh
. scripts/lib/debian-chroot.sh

setup_only=0
root=""
build=/build/olis
std_arg=""
suffix=""
for arg in "$@"; do
  case "$arg" in
    --setup-only) setup_only=1 ;;
    --cxx20) build=/build/olis-cxx20; std_arg=-DCMAKE_CXX_STANDARD=20; suffix=-cxx20 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "check-debian13.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) root=$arg ;;
  esac
done
root=$(realpath -m "${root:-$tree/.cache/debian13}")

chroot_create "$root" trixie
chroot_mount_system "$tree" "$shared"
[ -d "$root/src/shared/fixtures" ] || echo "warning: $shared/fixtures is absent: the parity tests will fail (CI=1)" >&2

echo "== install-deps.sh inside trixie"
chroot_sh 'bash scripts/install-deps.sh'
[ "$setup_only" = 1 ] && exit 0

echo "== configure (dev preset) into $build ${std_arg}"
chroot_sh "mkdir -p /build && cmake --preset dev -B $build -DOLIS_CCACHE=ON $std_arg >$build.configure.log 2>&1 || { cat $build.configure.log; exit 1; }
           grep -E '^-- (Found Torch|Olis|Found ICU)|libtorch|ABI' $build.configure.log || true"

echo "== build (nice, -j\$OLIS_JOBS; keeps going past errors to report them all)"
chroot_sh 'ccache -z >/dev/null; status=0; nice -n 10 cmake --build '"$build"' -j "$OLIS_JOBS" -- -k 0 || status=$?
           ccache -s | grep -Ei "hit|miss" | head -4; exit $status'

echo "== tests: unit, parity, gui"
status=0
chroot_sh 'cd '"$build"' && CI=1 ctest -L "unit|parity|gui" --output-on-failure -j 2 --timeout 900' \
  | tee "$root/olis-ctest$suffix.log" || status=$?

summary=$(chroot_sh '
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "debian: $(cat /etc/debian_version)"
  echo "libtorch-dev: $(dpkg-query -W -f="\${Version}" libtorch-dev)"
  echo "gcc: $(gcc -dumpfullversion)"
  echo "qt: $(dpkg-query -W -f="\${Version}" qt6-base-dev)"
  echo "opencv: $(dpkg-query -W -f="\${Version}" libopencv-dev)"
')
commit=$(git -C "$tree" describe --always --dirty 2>/dev/null || echo unknown)
{
  echo "$summary"
  echo "commit: $commit"
  echo "c++ standard: $( [ -n "$suffix" ] && echo 20 || echo "17 (default)")"
  grep -E "tests passed|tests failed|Total Test time" "$root/olis-ctest$suffix.log" || true
  for label in unit parity gui; do
    echo "$label: $(grep -cE "Test +#[0-9]+: $label\." "$root/olis-ctest$suffix.log") tests run"
  done
} | tee "$root/olis-check-result$suffix.txt"
exit $status
