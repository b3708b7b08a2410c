#!/usr/bin/env bash
# olis-cli regset / train with the paper's prior ablations (regularization.prior: structured | class | none),
# a set made by another model (regularization.model), a set that follows count changes, and a read-only
# project whose set is cached. Tiny fixture models, 64 px, 2 sampling steps.
set -u
cli=$1
. "$(dirname "$0")/lib.sh"
[ -d "$fixtures" ] && fixtures=$(cd "$fixtures" && pwd)
chmod 755 "$tmp"; trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT  # the test makes read-only folders
check_not() { if grep -q -- "$2" <<<"$1"; then echo "FAIL: did not expect '$2' in: $1"; fails=$((fails+1)); fi; }

model="$fixtures/ldm_single_file_sdxl_tiny"
other="$fixtures/ldm_single_file_sd2_tiny"
require_fixture "$model/model_index.json" "$other/model_index.json"

make_project() {  # make_project DIR PRIOR COUNT [MODEL]
  mkdir -p "$1"
  write_photos "$1" 2
  cat > "$1/project.olis.yaml" <<YAML
schema: olis-project/1
subject: {identifier: olis, class_noun: backpack, kind: object}
photos:
  - {file: photo0.png, caption: "a <new> backpack on a rock"}
  - {file: photo1.png, caption: "a <new> backpack on a table"}
YAML
  cat > "$1/training.olis.yaml" <<YAML
base_model: $model
vocab_dir: $fixtures/clip_tokenizer
mode: lora
lora_rank: 4
steps: 2
lr: 0.001
resolution: 64
checkpoint_every: 2
device: cpu
regularization: {prior: $2, count: $3, batch: 2, steps: 2, cache_root: $tmp/cache${4:+, model: $4, size: 64}}
YAML
}
# The fingerprint of the newest checkpoint says how many regularization images each run drew from.
reg_count() { python3 - "$1" <<'PY'
import json, struct, sys, glob
f = sorted(glob.glob(sys.argv[1] + "/training/checkpoints/*.safetensors"))[-1]
b = open(f, "rb").read(8 + 100000)
n = struct.unpack("<Q", b[:8])[0]
meta = json.loads(open(f, "rb").read(8 + n)[8:])["__metadata__"]
print([json.loads(v)["fingerprint"]["reg_count"] for v in meta.values() if v.startswith("{") and "fingerprint" in v][0])
PY
}

# prior: none -- nothing to generate, and training needs no set and has no prior loss.
p="$tmp/none"; make_project "$p" none 4
out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: regset (none) rc: $out"; fails=$((fails+1)); }
check "$out" "nothing to generate"
[ ! -e "$tmp/cache" ] || { echo "FAIL: prior none created a cache"; fails=$((fails+1)); }
out=$("$cli" train "$p" 2>&1) || { echo "FAIL: train (none) rc: $out"; fails=$((fails+1)); }
check "$out" "without a prior-preservation loss"
[ "$(reg_count "$p")" = 0 ] || { echo "FAIL: prior none trained with regularization images"; fails=$((fails+1)); }

# prior: class -- "a backpack" count times, used by training.
p="$tmp/class"; make_project "$p" class 3
out=$("$cli" train "$p" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: train (class) without a set exited 0"; fails=$((fails+1)); }
check "$out" "olis-cli regset"
out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: regset (class) rc: $out"; fails=$((fails+1)); }
check "$out" "3 images (3 made now)"
[ "$(grep -c '"prompt":"a backpack"' "$p/regularization.jsonl")" = 3 ] || { echo "FAIL: class prompts: $(cat "$p/regularization.jsonl")"; fails=$((fails+1)); }
out=$("$cli" train "$p" 2>&1) || { echo "FAIL: train (class) rc: $out"; fails=$((fails+1)); }
check "$out" "one of 3 regularization images"
[ "$(reg_count "$p")" = 3 ] || { echo "FAIL: class prior: expected 3 regularization images"; fails=$((fails+1)); }

# prior: structured with another model; a count change follows into the manifest, reusing what exists.
p="$tmp/structured"; make_project "$p" structured 3 "$other"
out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: regset (other model) rc: $out"; fails=$((fails+1)); }
check "$out" "3 images (3 made now)"
dir=$(dirname "$(dirname "$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["image"])' "$p/regularization.jsonl")")")
grep -q '"width_px": 64' "$dir/key.json" || { echo "FAIL: size not in key: $(cat "$dir/key.json")"; fails=$((fails+1)); }
sd2_hash=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["model_hash"])' "$dir/key.json")
sed -i 's/count: 3/count: 4/' "$p/training.olis.yaml"
out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: regset (count 4) rc: $out"; fails=$((fails+1)); }
[ "$(wc -l < "$p/regularization.jsonl")" = 4 ] || { echo "FAIL: count change not in the manifest"; fails=$((fails+1)); }
out=$("$cli" train "$p" 2>&1) || { echo "FAIL: train (other model) rc: $out"; fails=$((fails+1)); }
check "$out" "one of 4 regularization images"
# The base model makes another set (its own key).
sed -i "s|, model: $other, size: 64||" "$p/training.olis.yaml"
out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: regset (base model) rc: $out"; fails=$((fails+1)); }
dir2=$(dirname "$(dirname "$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["image"])' "$p/regularization.jsonl")")")
[ "$dir2" != "$dir" ] || { echo "FAIL: the base model's set went into the other model's folder"; fails=$((fails+1)); }
grep -q "$sd2_hash" "$dir2/key.json" && { echo "FAIL: base model set keyed with the other model"; fails=$((fails+1)); }

# A read-only project whose set is cached: regset works and writes nothing. Root ignores permissions, so run
# as nobody where possible.
chmod -R a-w "$p"
as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); else as_user=(skip); fi
fi
if [ "${as_user[0]:-}" != skip ]; then
  chmod -R a+rX "$tmp/cache"
  out=$("${as_user[@]}" "$cli" regset "$p" 2>&1) || { echo "FAIL: regset on a read-only project rc: $out"; fails=$((fails+1)); }
  check "$out" "Reusing"
  # An edited caption needs a new manifest: the message names the file, before any image is made.
  chmod u+w "$p"; sed -i 's/on a rock/on a shelf/' "$p/project.olis.yaml"; chmod a-w "$p"  # the one training prompt of 4
  out=$("${as_user[@]}" "$cli" regset "$p" 2>&1); rc=$?
  [ $rc -ne 0 ] || { echo "FAIL: regset that must write into a read-only project exited 0: $out"; fails=$((fails+1)); }
  check "$out" "$p/regularization.jsonl"
  check_not "$out" "img/s"
else
  echo "note: running as root without setpriv; the read-only part is skipped"
fi

finish
