#pragma once
// The validation grid of a training run (as in the paper's Figure 3): a row per validation round, a column
// per fixed prompt and seed. Each column header shows its prompt; each row header its step, whether a
// checkpoint of it is kept, and the star of the suggested one. Thumbnails are made off the UI thread.
#include <QHash>
#include <QPoint>
#include <QTableWidget>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "core/eval/checkpoint_metrics.h"
#include "core/jobs/train_logs.h"

namespace olis::ui {

class ThumbnailLoader;

class ValidationGrid : public QTableWidget {
  Q_OBJECT
 public:
  ValidationGrid(ThumbnailLoader* thumbnails, QWidget* parent = nullptr);

  // Shows the rounds of a run. `scored`: the sweep's records (tooltips); `checkpoint_dir`: to mark the rows
  // whose checkpoint is kept; `suggested`: the row that gets the star.
  void showRounds(const std::vector<olis::jobs::ValidationRound>& rounds,
                  const std::vector<olis::eval::CheckpointMetrics>& scored,
                  const std::filesystem::path& checkpoint_dir, std::optional<int64_t> suggested);
  void clearRounds();
  // The grid row of a validation step, or -1.
  int rowOfStep(int64_t step) const;
  // The step of the selected row, if a row is selected.
  std::optional<int64_t> selectedStep() const;

 private:
  void onThumbnail(const QString& path, const QImage& image);

  ThumbnailLoader* thumbnails_;
  QHash<QString, QPoint> pending_;  // image path -> (column, row) waiting for its thumbnail
};

}  // namespace olis::ui
