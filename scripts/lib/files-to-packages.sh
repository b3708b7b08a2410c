#!/usr/bin/env bash
# files-to-packages.sh [--files] < FILES: for a list of absolute paths (one per line) on a Debian system, prints
# "COUNT PACKAGE" for each package that owns some of them, most files first, and "COUNT unowned" for the rest;
# with --files, "PACKAGE<TAB>PATH" for each path instead.
# dpkg's file lists are read once (`dpkg -S` per file takes minutes for the thousands of libtorch headers).
# A path is looked up as given, as its real path and without a leading /usr (merged-/usr systems).
set -euo pipefail
per_file=0
[ "${1:-}" = --files ] && per_file=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for list in /var/lib/dpkg/info/*.list; do
  pkg=${list##*/}
  pkg=${pkg%.list}
  awk -v p="${pkg%%:*}" '{print $0 "\t" p}' "$list"
done >"$tmp/owners.tsv"
while read -r f; do
  [ -n "$f" ] || continue
  r=$(realpath -m "$f")
  printf '%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n' "$f" "$f" "$f" "$r" "$f" "${f#/usr}" "$f" "${r#/usr}"
done >"$tmp/wanted.tsv"
awk -F'\t' 'NR == FNR { if (!($1 in owner)) owner[$1] = $2; next }
            { if (!($1 in seen)) seen[$1] = ""; if (($2 in owner) && seen[$1] == "") seen[$1] = owner[$2] }
            END { for (f in seen) print (seen[f] == "" ? "unowned" : seen[f]) "\t" f }' \
  "$tmp/owners.tsv" "$tmp/wanted.tsv" | sort >"$tmp/owned.tsv"
if [ "$per_file" = 1 ]; then cat "$tmp/owned.tsv"; else cut -f1 "$tmp/owned.tsv" | uniq -c | sort -rn; fi
