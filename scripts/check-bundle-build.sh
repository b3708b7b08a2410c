#!/usr/bin/env bash
# check-bundle-build.sh [ROOT]: shows that the engine, CLI and tests build from the ../shared/gpu bundle plus
# a libtorch, taking nothing else from /usr but the compiler and the C/C++ runtime.
#
#   ROOT  where a minimal Debian 12 is debootstrapped (default: .cache/bundle-bookworm, ignored by git).
#
# Inside it only build-essential, cmake, ninja-build and libtorch-dev (with what libtorch-dev pulls in
# itself) are installed; the bundle is unpacked to /build/deps, Olis is configured with the bundle as its
# CMAKE_PREFIX_PATH and OLIS_BUILD_UI=OFF, built (nice, -j$OLIS_JOBS, default 1), and the unit tests run.
# Then every header the compiler read and every library the programs load is mapped to its Debian
# package: the check fails when one of them belongs to a package the bundle carries (it came from /usr
# instead of the bundle). --setup-only stops after the packages are installed. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$PWD
shared=$(cd .. && pwd)/shared
bundle=${OLIS_GPU_BUNDLE:-$shared/gpu/olis-gpu-deps-debian12.tar.xz}
# shellcheck source=lib/debian-chroot.sh
. scripts/lib/debian-chroot.sh

setup_only=0
root=""
for arg in "$@"; do
  case "$arg" in
    --setup-only) setup_only=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) root=$arg ;;
  esac
done
root=$(realpath -m "${root:-$tree/.cache/bundle-bookworm}")
[ -r "$bundle" ] || chroot_die "$bundle not found (set OLIS_GPU_BUNDLE)"
packages_txt=$(dirname "$bundle")/packages.txt

chroot_create "$root" bookworm
chroot_mount_system "$tree" "$shared"

echo "== packages: build-essential cmake ninja-build libtorch-dev, nothing else"
chroot_sh 'export DEBIAN_FRONTEND=noninteractive
  if ! dpkg-query -W -f="\${Status}" libtorch-dev 2>/dev/null | grep -q "install ok installed"; then
    apt-get update -qq && apt-get install -y -qq build-essential cmake ninja-build libtorch-dev >/dev/null
  fi
  if command -v ccache >/dev/null; then echo "ccache is in the chroot: remove it (not in the allowed set)"; exit 1; fi
  echo "packages installed: $(dpkg-query -W | wc -l)"'
[ "$setup_only" = 1 ] && exit 0

echo "== unpack the bundle into /build/deps"
mkdir -p "$root/build"
rm -rf "$root/build/deps" && mkdir -p "$root/build/deps"
tar -C "$root/build/deps" -xJf "$bundle"

echo "== configure with CMAKE_PREFIX_PATH=/build/deps/usr, OLIS_BUILD_UI=OFF"
chroot_sh 'cmake -S /src/olis -B /build/olis -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g0 -DNDEBUG" -DCMAKE_PREFIX_PATH=/build/deps/usr \
    -DCMAKE_EXE_LINKER_FLAGS=-Wl,--disable-new-dtags -DOLIS_BUILD_UI=OFF -DOLIS_BUILD_BENCHMARKS=ON \
    -DBUILD_TESTING=ON >/build/configure.log 2>&1 || { cat /build/configure.log; exit 1; }
  grep -E "^-- (Found|Olis)" /build/configure.log || true'

echo "== build olis_core, olis-cli, unit tests, benchmarks (nice, -j\$OLIS_JOBS)"
chroot_sh 'nice -n 10 cmake --build /build/olis -j "$OLIS_JOBS" --target olis_core olis-cli olis_unit_tests olis_bench'

echo "== unit tests"
status=0
# Doctor.OpenBlasIsTheBlasInUse checks what install-deps.sh sets up (OpenBLAS as the system BLAS); this chroot
# deliberately has no install-deps, and the bundle carries the reference BLAS that libtorch-dev links.
chroot_sh 'cd /build/olis && CI=1 ctest -L unit -LE fuzz -E "^unit\.Doctor\.OpenBlasIsTheBlasInUse$" --output-on-failure -j 2 --timeout 900' \
  | tee "$root/olis-ctest.log" || status=$?

echo "== where every header and library came from"
# Headers: ninja's dependency log. Libraries: what the dynamic loader resolves for the programs.
chroot_sh 'set -eo pipefail; cd /build/olis
  { ninja -t deps | sed -n "s/^    //p"
    for p in app/olis-cli tests/olis_unit_tests bench/olis_bench; do ldd "$p" | awk "/=> \\//{print \$3}"; done
  } | sort -u >/build/used-files.txt
  grep -c "^/build/deps/" /build/used-files.txt | sed "s/^/files from the bundle: /"
  grep "^/usr/\|^/lib" /build/used-files.txt | bash /src/olis/scripts/lib/files-to-packages.sh --files >/build/used-owners.tsv
  echo "packages from /usr that the build used (files):"; cut -f1 /build/used-owners.tsv | uniq -c | sort -rn'
# A file from /usr of a package the bundle carries is a failure when the bundle holds that file too (it should
# have come from there). Files the bundle left out (ICU's i18n library, which only Debian's libtorch's own
# dependencies load) are listed, not failed.
bad=""
while IFS=$'\t' read -r pkg file; do
  grep -q "^${pkg}_" "$packages_txt" || continue
  if [ -n "$(find "$root/build/deps" -name "$(basename "$file")" -print -quit)" ]; then
    bad="$bad $file($pkg)"
  else
    echo "from /usr, not in the bundle (loaded by libtorch's own dependencies): $file ($pkg)"
  fi
done <"$root/build/used-owners.tsv"
if [ -n "$bad" ]; then
  echo "FAIL: taken from /usr although the bundle carries them:$bad"
  status=1
else
  echo "OK: nothing the bundle carries was taken from /usr"
fi
grep -E "tests passed|tests failed" "$root/olis-ctest.log" || true
exit $status
