#!/usr/bin/env bash
# Refreshes translations/olis_*.ts from the tr() calls in ui/, keeping existing translations.
#
# lupdate's C++ parser does not understand C++17 nested namespace definitions (`namespace olis::ui {`), so
# it files messages under "MainWindow" while Qt looks them up under "olis::ui::MainWindow" at run time. The
# contexts are renamed to lupdate's spelling before the run and back afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
classes=$(grep -ho '^class [A-Za-z]* : public Q[A-Za-z]*' ui/*.h | awk '{print $2}' | sort -u)
for ts in translations/olis_*.ts; do
  for c in $classes; do sed -i "s|<name>olis::ui::$c</name>|<name>$c</name>|" "$ts"; done
  # English is the source language; its file only holds the plural forms of %n messages.
  extra=""; case "$ts" in *_en.ts) extra="-pluralonly";; esac
  "$LUPDATE" ui/*.cpp ui/*.h -no-obsolete -locations none $extra -ts "$ts" 2>&1 | grep -v "Qualifying with unknown" || true
  for c in $classes; do sed -i "s|<name>$c</name>|<name>olis::ui::$c</name>|" "$ts"; done
done
