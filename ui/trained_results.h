#pragma once
// The Generate tab's "Model" choice: the base model alone, or one of the project's trained results (the
// exported LoRA or full model of the run, every exported checkpoint, every kept checkpoint, which is exported
// when it is first used, and the exports of previous runs), or a LoRA file from elsewhere.
#include <QComboBox>

#include <filesystem>
#include <optional>
#include <vector>

#include "core/jobs/run_history.h"

namespace olis::ui {

class TrainedResultsCombo : public QComboBox {
  Q_OBJECT
 public:
  enum class Choice { BaseModel, Result, OtherLora };
  explicit TrainedResultsCombo(QWidget* parent = nullptr);

  // Lists the results of the run in `output_dir` (empty: none), keeping the current choice where it still exists.
  void refresh(const std::filesystem::path& output_dir);
  Choice choice() const;
  // The chosen result (Choice::Result).
  std::optional<olis::jobs::RunResult> result() const;
  // Selects the entry whose file is `path` (a LoRA or model file); OtherLora when no entry has it and `path` is
  // not empty, the base model when it is empty. Returns the choice made.
  Choice selectPath(const std::filesystem::path& path);
  int resultCount() const { return static_cast<int>(results_.size()); }

 private:
  std::vector<olis::jobs::RunResult> results_;  // item i + 1 (item 0 is the base model)
};

}  // namespace olis::ui
