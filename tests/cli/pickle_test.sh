#!/usr/bin/env bash
# Every olis-cli path that reads a user-given weights file explains a pickle checkpoint (the risk and the
# conversion), before any model is loaded, instead of "the header claims ... bytes".
set -u
cli=$1
. "$(dirname "$0")/lib.sh"
refused() {  # output, file name
  check "$1" "$2: this is a pickle-based PyTorch checkpoint"
  check "$1" "arbitrary code"
  if grep -q "header claims" <<<"$1"; then echo "FAIL: raw header message in: $1"; fails=$((fails+1)); fi
}

printf 'PK\003\004\024\000\000\000archive/data.pkl' > "$tmp/model.ckpt"
printf '\200\002}q\000(X\006\000\000\000weight' > "$tmp/dino.pth"
mkdir -p "$tmp/clip" "$tmp/real" "$tmp/gen"
cp "$tmp/model.ckpt" "$tmp/clip/pytorch_model.bin"

out=$("$cli" generate --model "$tmp/no-model" --lora "$tmp/model.ckpt:0.8" --prompt "a dog" --out "$tmp/o.png" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: generate with a pickle LoRA exited 0"; fails=$((fails+1)); }
refused "$out" "model.ckpt"

out=$("$cli" generate --model "$tmp/model.ckpt" --prompt "a dog" --out "$tmp/o.png" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: generate with a pickle model exited 0"; fails=$((fails+1)); }
refused "$out" "model.ckpt"

out=$("$cli" inspect "$tmp/model.ckpt" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: inspect of a pickle file exited 0"; fails=$((fails+1)); }
refused "$out" "model.ckpt"

out=$("$cli" eval --real "$tmp/real" --generated "$tmp/gen" --dino "$tmp/dino.pth" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: eval with a pickle DINO exited 0"; fails=$((fails+1)); }
refused "$out" "dino.pth"

out=$("$cli" eval --real "$tmp/real" --generated "$tmp/gen" --clip "$tmp/clip" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: eval with a pickle CLIP folder exited 0"; fails=$((fails+1)); }
refused "$out" "pytorch_model.bin"

finish
