#include "ui/trained_results.h"

namespace olis::ui {

namespace fs = std::filesystem;
using olis::jobs::RunResult;
using olis::jobs::RunResultKind;

namespace {
constexpr int kOtherLora = -2;
constexpr int kBaseModel = -1;

QString describe(const RunResult& r) {
  const QString step = r.step ? TrainedResultsCombo::tr("step %1").arg(*r.step) : TrainedResultsCombo::tr("end of training");
  QString text;
  switch (r.kind) {
    case RunResultKind::Lora: text = TrainedResultsCombo::tr("Trained LoRA (%1)").arg(step); break;
    case RunResultKind::FullModel: text = TrainedResultsCombo::tr("Trained model (%1)").arg(step); break;
    case RunResultKind::Checkpoint:
      text = TrainedResultsCombo::tr("Checkpoint of %1 (exported when first used)").arg(step);
      break;
  }
  if (r.previous_run > 0) text = TrainedResultsCombo::tr("Previous run %1: %2").arg(r.previous_run).arg(text);
  return text;
}
}  // namespace

TrainedResultsCombo::TrainedResultsCombo(QWidget* parent) : QComboBox(parent) {
  setObjectName("modelChoice");
  setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  setMinimumContentsLength(16);
  refresh({});
}

void TrainedResultsCombo::refresh(const fs::path& output_dir) {
  const auto keep = result();
  const Choice keep_choice = count() > 0 ? choice() : Choice::BaseModel;
  results_ = output_dir.empty() ? std::vector<RunResult>{} : olis::jobs::list_run_results(output_dir);
  const QSignalBlocker block(this);
  clear();
  addItem(tr("Base model only"), kBaseModel);
  for (std::size_t i = 0; i < results_.size(); ++i) {
    addItem(describe(results_[i]), static_cast<int>(i));
    setItemData(count() - 1, QString::fromStdString(results_[i].path.string()), Qt::ToolTipRole);
  }
  addItem(tr("Another LoRA file…"), kOtherLora);
  if (keep_choice == Choice::OtherLora) setCurrentIndex(count() - 1);
  else if (keep) selectPath(keep->path);
  else setCurrentIndex(0);
}

TrainedResultsCombo::Choice TrainedResultsCombo::choice() const {
  const int d = currentData().toInt();
  return d == kBaseModel ? Choice::BaseModel : d == kOtherLora ? Choice::OtherLora : Choice::Result;
}

std::optional<RunResult> TrainedResultsCombo::result() const {
  if (count() == 0 || choice() != Choice::Result) return std::nullopt;
  const int i = currentData().toInt();
  if (i < 0 || i >= static_cast<int>(results_.size())) return std::nullopt;
  return results_[static_cast<std::size_t>(i)];
}

TrainedResultsCombo::Choice TrainedResultsCombo::selectPath(const fs::path& path) {
  if (path.empty()) {
    setCurrentIndex(0);
    return Choice::BaseModel;
  }
  for (std::size_t i = 0; i < results_.size(); ++i) {
    std::error_code ec;
    if (results_[i].path == path || fs::equivalent(results_[i].path, path, ec)) {
      setCurrentIndex(static_cast<int>(i) + 1);
      return Choice::Result;
    }
  }
  setCurrentIndex(count() - 1);
  return Choice::OtherLora;
}

}  // namespace olis::ui
