#pragma once
// `olis --screenshot DIR [--demo PHOTO_FOLDER]`: builds a demo project from a folder of photos (a
// DreamBench subject when its name is one), visits every tab and writes PNG screenshots to DIR.
// With --demo-train SETTINGS (a training.olis.yaml, e.g. the tiny fixture model's), the Train tab runs the
// regularization-set and training jobs for real and is captured with its loss plot, metric curves and
// validation grid. With --demo-booth SETTINGS the booth flow follows (ui/screenshot_booth.h): a new project,
// suggested captions, Personalize, Compare and the DreamBench tab. Used by scripts/screenshots.sh under Xvfb.
#include <QString>

namespace olis::ui {

class MainWindow;

// Returns a process exit code.
int runScreenshots(MainWindow& window, const QString& out_dir, const QString& demo_dir, const QString& suffix,
                   const QString& train_settings = QString(), const QString& booth_settings = QString());

}  // namespace olis::ui
