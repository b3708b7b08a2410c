#!/usr/bin/env bash
# One command for a GPU machine (an H100/H200 with 16 cores, PyTorch 2.x + CUDA in python3, no network):
# builds Olis against the local PyTorch's libtorch with the dependency bundle, runs `ctest -L gpu`, the
# benchmarks, and the same cases in diffusers on the same card, and writes one JSON with every figure and
# the card's name. At most ~9 minutes.
#
# Carry along (in .device/, ignored by git, about 40 MiB): the bundle olis-gpu-deps-debian12.tar.xz
# (../shared/gpu), the fixtures the gpu tests read (.device/fixtures: unet_sd15_tiny, unet_sd2_tiny,
# unet_sdxl_tiny, vae_tiny, pipeline_sd15_tiny, train_step_tiny), and diffusers' whole src tree as
# .device/diffusers-src.tar.xz (`git archive` of release v0.40.0: 26 MiB unpacked, 1.7 MiB packed; it needs
# torch >= 2.6, transformers, peft and huggingface_hub, which the GPU image has). Here:
#   OLIS_DIFFUSERS_GIT=/path/to/a/diffusers/clone scripts/gpu-check.sh --prepare
# then there: scripts/gpu-check.sh (with OUT set, the JSON lands in $OUT).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dev="$root/.device"
out_dir=${OUT:-$dev/out}
mkdir -p "$out_dir"
json="$out_dir/gpu-check.json"
log="$out_dir/gpu-check.log"
start=$(date +%s)
left() { echo $(( 540 - ($(date +%s) - start) )); }  # seconds of the 9-minute budget left

if [ "${1:-}" = "--prepare" ]; then  # on the development machine
  shared=${OLIS_SHARED:-$root/../shared}
  mkdir -p "$dev/fixtures"
  cp -f "$shared/gpu/olis-gpu-deps-debian12.tar.xz" "$dev/"
  for f in unet_sd15_tiny unet_sd2_tiny unet_sdxl_tiny vae_tiny pipeline_sd15_tiny train_step_tiny; do
    rm -rf "$dev/fixtures/$f"; cp -r "$shared/fixtures/$f" "$dev/fixtures/"
  done
  if [ -n "${OLIS_DIFFUSERS_GIT:-}" ]; then
    git -C "$OLIS_DIFFUSERS_GIT" archive --format=tar --prefix=diffusers/ "${OLIS_DIFFUSERS_REF:-v0.40.0}" src \
      | xz -6 -T1 >"$dev/diffusers-src.tar.xz.tmp" && mv "$dev/diffusers-src.tar.xz.tmp" "$dev/diffusers-src.tar.xz" \
      || { echo "cannot archive diffusers from $OLIS_DIFFUSERS_GIT"; exit 2; }
  fi
  [ -f "$dev/diffusers-src.tar.xz" ] || echo "no $dev/diffusers-src.tar.xz: set OLIS_DIFFUSERS_GIT to a diffusers clone"
  rm -rf "$dev/diffusers" "$dev/out"  # unpacked there, not carried
  du -sh "$dev"
  exit 0
fi

step() { echo "== $* ($(left) s left)" | tee -a "$log"; }
# A time limit of at most CAP seconds that leaves KEEP seconds of the budget for what follows (at least MIN).
budget() {  # budget CAP KEEP MIN
  local t=$(( $(left) - $2 ))
  [ "$t" -gt "$1" ] && t=$1
  [ "$t" -lt "$3" ] && t=$3
  echo "$t"
}
py=python3
card="unknown"
build_rc=-1
ctest_summary="not run"
: >"$out_dir/olis-bench.jsonl"  # one {"case": {...}} line per olis-cli bench, written as each finishes

summary() {  # also when the run is cut short (EXIT trap): the JSON holds whatever finished
  trap - EXIT
  step "summary"
  $py - "$out_dir" "$card" "$ctest_summary" "$build_rc" "$(( $(date +%s) - start ))" >"$json.tmp" <<'PY' && mv "$json.tmp" "$json"
import json, sys
out_dir, card, ctest, build_rc, total_s = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
olis, problems = {}, []
for line in open(f"{out_dir}/olis-bench.jsonl"):
    try:
        olis.update(json.loads(line))
    except ValueError:
        if line.strip():
            problems.append("not JSON from olis-cli bench: " + line.strip()[:200])
try:
    ref = json.load(open(f"{out_dir}/diffusers.json"))["cases"]
except Exception as e:
    ref = {"error": f"{type(e).__name__}: {e}"}
def seconds(d):  # time per unit of work, comparable between the two
    if not isinstance(d, dict):
        return None
    if d.get("images_per_s"):
        return 1.0 / d["images_per_s"]
    return d.get("median_s_per_step", d.get("median_s", d.get("s_per_step")))
ratios = {}
for name, o in olis.items():
    so, sr = seconds(o), seconds(ref.get(name) if isinstance(ref, dict) else None)
    if so and sr:
        ratios[name] = so / sr  # Olis time / diffusers time: goal <= 0.8
    if isinstance(o, dict) and o.get("device", "").startswith("cuda") and not o.get("peak_cuda_measured", True):
        problems.append(f"{name}: this build cannot read the CUDA allocator's peak (peak_cuda_gib 0 is not a measurement)")
goals = {"train_sdxl_lora_r32_1024": {"s_per_step": 0.35, "peak_gib": 12},
         "train_sd15_full_te_512": {"s_per_step": 0.15, "peak_gib": 20},
         "regset_sd15_512_ddim50": {"images_per_s": 4}}
print(json.dumps({"card": card, "total_s": total_s, "build_rc": build_rc, "ctest_gpu": ctest, "olis": olis,
                  "diffusers": ref, "olis_over_diffusers_time": ratios, "goals": goals, "problems": problems},
                 indent=1))
PY
  cat "$json"
  echo "ratios (Olis time / diffusers time, goal <= 0.8):"
  $py -c "import json; d=json.load(open('$json')); [print(f'  {k}: {v:.2f}') for k,v in d['olis_over_diffusers_time'].items()]"
  echo "total $(( $(date +%s) - start )) s; JSON: $json"
}
trap summary EXIT

step "unpack the dependency bundle"
if [ ! -d "$dev/deps/usr" ]; then
  mkdir -p "$dev/deps" && tar -C "$dev/deps" -xJf "$dev/olis-gpu-deps-debian12.tar.xz" || { echo "no bundle in $dev"; exit 2; }
fi
# The bundle's libz.so (for linking; zlib itself comes from the host) points to Debian 12's
# /lib/x86_64-linux-gnu/libz.so.1.2.13: elsewhere, point it to the host's libz.so.1.
zlink="$dev/deps/usr/lib/x86_64-linux-gnu/libz.so"
if [ -L "$zlink" ] && [ ! -e "$zlink" ]; then
  host_z=$(ldconfig -p 2>/dev/null | awk '/libz\.so\.1 .*x86-64/ {print $NF; exit}')
  if [ -n "$host_z" ]; then ln -sfn "$host_z" "$zlink"; echo "libz.so -> $host_z" | tee -a "$log"
  else echo "warning: no libz.so.1 on this host" | tee -a "$log"; fi
fi
torch_prefix=$($py -c 'import torch; print(torch.utils.cmake_prefix_path)')
card=$($py -c 'import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none")')

step "configure and build (16 cores)"
build="$root/build/gpu"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOLIS_BUILD_UI=OFF \
  -DCMAKE_PREFIX_PATH="$dev/deps/usr;$torch_prefix" -DCMAKE_EXE_LINKER_FLAGS=-Wl,--disable-new-dtags >>"$log" 2>&1 \
  && timeout "$(budget 330 210 60)" cmake --build "$build" -j16 --target olis-cli olis_gpu_tests olis_parity_tests >>"$log" 2>&1
build_rc=$?
echo "build rc $build_rc" | tee -a "$log"

if [ $build_rc -eq 0 ]; then
  step "ctest -L gpu"
  # CI=1: a missing fixture fails; OLIS_REQUIRE_CUDA=1: a missing CUDA device fails instead of skipping.
  CI=1 OLIS_REQUIRE_CUDA=1 OLIS_FIXTURES="$dev/fixtures" timeout "$(budget 100 190 30)" \
    ctest --test-dir "$build" -L gpu -j 8 --output-on-failure >"$out_dir/ctest-gpu.log" 2>&1
  ctest_summary="$(grep -E "tests passed|tests failed" "$out_dir/ctest-gpu.log" | tail -1)"
  ctest_summary="${ctest_summary:-no summary (timed out?)}; skipped: $(grep -c "(Skipped)" "$out_dir/ctest-gpu.log")"
  echo "$ctest_summary" | tee -a "$log"

  cli="$build/app/olis-cli"
  bench() {  # bench NAME ARGS...: one JSON line (or an error), appended as soon as it is known
    local name=$1; shift
    local line
    line=$(timeout "$(budget 75 110 20)" "$cli" bench "$@" 2>>"$log" | tail -1)
    case "$line" in "{"*) ;; *) line="{\"error\":\"bench $* failed or timed out\"}" ;; esac
    echo "{\"$name\": $line}" >>"$out_dir/olis-bench.jsonl"
    echo "$name: $line" | tee -a "$log"
  }
  step "olis benchmarks"
  bench train_sdxl_lora_r32_1024 train --device cuda --dtype bf16 --config sdxl --mode lora --rank 32 --latent 128 --checkpointing --repeat 5 --warmup 2
  bench train_sd15_full_te_512 train --device cuda --dtype bf16 --config sd15 --mode full --text-encoder --latent 64 --repeat 5 --warmup 2
  bench unet_step_sd15_512 unet --device cuda --dtype bf16 --config sd15 --latent 64 --batch 2 --repeat 5 --warmup 2
  bench regset_sd15_512_ddim50 regset --device cuda --dtype bf16 --config sd15 --latent 64 --batch 8 --count 16 --steps 50 --warmup 1
fi

step "diffusers on the same card"
if [ -f "$dev/diffusers-src.tar.xz" ]; then  # the whole release, unpacked afresh
  rm -rf "$dev/diffusers" && tar -C "$dev" -xJf "$dev/diffusers-src.tar.xz" || echo "cannot unpack $dev/diffusers-src.tar.xz" | tee -a "$log"
fi
PYTHONUNBUFFERED=1 timeout "$(budget 400 10 30)" $py "$root/scripts/gpu_diffusers_bench.py" \
  --diffusers-src "$dev/diffusers/src" --out "$out_dir/diffusers.json" >>"$log" 2>&1 || echo "diffusers run failed or timed out" | tee -a "$log"

summary  # (the EXIT trap would too; explicit for the reader)
