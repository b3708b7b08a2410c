# Sourced by the CLI tests (tests/cli/*_test.sh) after `cli=...`: a temporary folder removed at exit, the
# fixtures folder, a failure count and the helpers below. Each test ends with `finish`.
fixtures=${OLIS_FIXTURES:-${OLIS_SOURCE_DIR:-.}/../shared/fixtures}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0

# check OUTPUT TEXT: counts a failure when TEXT (a grep pattern) is not in OUTPUT.
check() { if ! grep -q -- "$2" <<<"$1"; then echo "FAIL: expected '$2' in: $1"; fails=$((fails+1)); fi; }

# require_fixture FILE...: without one of the fixture files the test is skipped (exit 0), or fails when CI is
# set (CI must not skip a test for a missing fixture).
require_fixture() {
  local f
  for f in "$@"; do
    if [ ! -f "$f" ]; then
      if [ -n "${CI:-}" ]; then echo "FAIL: fixtures missing at $fixtures ($f) and CI is set"; exit 1; fi
      echo "fixtures not found at $fixtures: skipping"; exit 0
    fi
  done
}

# png_file PATH WIDTH HEIGHT R G B [STEP]: an RGB PNG photo of one colour, the green channel rising by STEP
# per row (default 0), written without any image tool.
png_file() {
  python3 - "$@" <<'PY'
import struct, sys, zlib
path, w, h, r, g, b = sys.argv[1], *map(int, sys.argv[2:7])
step = int(sys.argv[7]) if len(sys.argv) > 7 else 0
raw = b"".join(b"\x00" + bytes((r, (g + step * y) % 256, b)) * w for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
}

# write_photos DIR [N]: photo0.png ... photo(N-1).png (default 4), each a different size and colour.
write_photos() {
  local i
  for ((i = 0; i < ${2:-4}; i++)); do png_file "$1/photo$i.png" $((72 + 8 * i)) 80 $((40 * i)) 120 200; done
}

# finish: the summary line and the exit status (the number of failures).
finish() {
  [ "$fails" -eq 0 ] && echo "all checks passed"
  exit "$fails"
}
