# Sourced by check-debian13.sh and check-bundle-build.sh (bash): a minimal Debian made with debootstrap in
# a folder, with the source tree bind-mounted at /src/olis and ../shared at /src/shared, so that the tests'
# default ../shared/fixtures works inside. Needs root (debootstrap, chroot, mount).

OLIS_CHROOT=""
OLIS_CHROOT_MOUNTS=()

chroot_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# chroot_create ROOT SUITE: debootstraps SUITE (minbase) into ROOT unless that was done before.
chroot_create() {
  local root=$1 suite=$2
  [ "$(id -u)" -eq 0 ] || chroot_die "needs root (debootstrap, chroot and bind mounts)"
  OLIS_CHROOT=$root
  if [ -e "$root/.olis-debootstrap-done" ]; then
    echo "== $suite chroot in $root (made before)"
  else
    if ! command -v debootstrap >/dev/null; then
      echo "== installing debootstrap"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    fi
    echo "== debootstrap $suite into $root"
    mkdir -p "$root"
    debootstrap --variant=minbase "$suite" "$root" "${OLIS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    # No daemons start inside the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    touch "$root/.olis-debootstrap-done"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}

# chroot_bind SOURCE TARGET_INSIDE [ro]
chroot_bind() {
  local src=$1 dst="$OLIS_CHROOT$2"
  mkdir -p "$dst"
  if mountpoint -q "$dst"; then umount "$dst"; fi
  mount --bind "$src" "$dst"
  OLIS_CHROOT_MOUNTS+=("$dst")
  if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$dst"; fi
}

chroot_unmount_all() {
  local i
  for ((i = ${#OLIS_CHROOT_MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${OLIS_CHROOT_MOUNTS[$i]}" 2>/dev/null || umount -l "${OLIS_CHROOT_MOUNTS[$i]}" 2>/dev/null || true
  done
  OLIS_CHROOT_MOUNTS=()
}

# chroot_mount_system SOURCE_TREE SHARED_DIR: /proc, /dev, /dev/pts, /sys, the tree and the shared folder.
chroot_mount_system() {
  local tree=$1 shared=$2
  trap chroot_unmount_all EXIT
  chroot_bind /proc /proc
  chroot_bind /sys /sys
  chroot_bind /dev /dev
  chroot_bind /dev/pts /dev/pts
  chroot_bind "$tree" /src/olis
  if [ -d "$shared" ]; then chroot_bind "$shared" /src/shared ro; fi
}

# chroot_sh 'COMMANDS': runs bash -c in the chroot with a clean environment, in /src/olis.
chroot_sh() {
  chroot "$OLIS_CHROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    CCACHE_DIR=/var/cache/olis-ccache CCACHE_BASEDIR=/src CCACHE_MAXSIZE=8G \
    CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime \
    OLIS_JOBS="${OLIS_JOBS:-1}" \
    bash -c "cd /src/olis && $1"
}
