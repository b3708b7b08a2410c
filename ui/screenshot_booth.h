#pragma once
// The booth part of `olis --screenshot`: the whole flow a booth runs, from a new project to a compare grid,
// captured step by step: new project, photos, suggested captions, Personalize (the tiny fixture model with
// the tiny CLIP and DINO towers, a few steps), Compare with a cell opened, and the DreamBench tab's table.
#include <QString>

namespace olis::ui {

class MainWindow;

// `settings`: the booth project's training.olis.yaml (base model, metric models, few steps). `bench`: a
// DreamBench folder for the Benchmark tab (skipped when empty). Returns false when a step failed (said on
// stderr); screenshots of the steps that worked are still written.
bool runBoothScreenshots(MainWindow& window, const QString& out_dir, const QString& photos_dir, const QString& suffix,
                         const QString& settings, const QString& bench);

}  // namespace olis::ui
