#pragma once
// `olis --screenshot DIR [--demo PHOTO_FOLDER]`: builds a demo project from a folder of photos (a
// DreamBench subject when its name is one), visits every tab and writes PNG screenshots to DIR.
// Used by scripts/screenshots.sh under Xvfb.
#include <QString>

namespace olis::ui {

class MainWindow;

// Returns a process exit code.
int runScreenshots(MainWindow& window, const QString& out_dir, const QString& demo_dir, const QString& suffix);

}  // namespace olis::ui
