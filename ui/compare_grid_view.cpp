#include "ui/compare_grid_view.h"

#include <QDir>
#include <QHeaderView>
#include <QIcon>

#include "core/jobs/compare.h"
#include "ui/image_viewer.h"
#include "ui/thumbnail_loader.h"

namespace olis::ui {

namespace {
constexpr int kThumb = 150;
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

CompareGridView::CompareGridView(ThumbnailLoader* thumbnails, QWidget* parent)
    : QTableWidget(parent), thumbnails_(thumbnails) {
  setObjectName("compareGrid");
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setIconSize(QSize(kThumb, kThumb));
  horizontalHeader()->setDefaultSectionSize(kThumb + 12);
  verticalHeader()->setDefaultSectionSize(kThumb + 12);
  horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  verticalHeader()->setMaximumWidth(220);
  setWordWrap(true);
  connect(thumbnails_, &ThumbnailLoader::thumbnailReady, this, &CompareGridView::onThumbnail);
  connect(this, &QTableWidget::cellClicked, this, &CompareGridView::openCell);
}

void CompareGridView::clearGrid() {
  clear();
  setRowCount(0);
  setColumnCount(0);
  json_ = nlohmann::json();
  json_path_.clear();
  waiting_.clear();
}

bool CompareGridView::load(const QString& grid_json, QString* error) {
  auto j = olis::jobs::read_compare_json(grid_json.toStdString());
  if (!j) {
    if (error) *error = q(j.error().message());
    return false;
  }
  clearGrid();
  json_ = std::move(*j);
  json_path_ = grid_json;
  const auto& rows = json_["rows"];
  const auto& prompts = json_["prompts"];
  seeds_ = std::max<int>(1, static_cast<int>(json_.value("seeds", nlohmann::json::array()).size()));
  setRowCount(static_cast<int>(rows.size()));
  setColumnCount(static_cast<int>(prompts.size()) * seeds_);
  for (int r = 0; r < rowCount(); ++r) {
    auto* h = new QTableWidgetItem(q(rows[static_cast<std::size_t>(r)].value("label", "")));
    h->setToolTip(q(rows[static_cast<std::size_t>(r)].value("path", "")));
    setVerticalHeaderItem(r, h);
  }
  for (int c = 0; c < columnCount(); ++c) {
    QString text = q(prompts[static_cast<std::size_t>(c / seeds_)].get<std::string>());
    auto* h = new QTableWidgetItem(text);
    h->setToolTip(text);
    setHorizontalHeaderItem(c, h);
  }
  horizontalHeader()->setMinimumHeight(48);
  const qreal dpr = devicePixelRatioF();
  for (const auto& cell : json_["cells"]) {
    const int r = cell.value("row", 0), c = cell.value("column", 0) * seeds_ + cell.value("index", 0);
    const QString image = q(cell.value("image", ""));
    auto* item = new QTableWidgetItem;
    item->setToolTip(tr("%1\nseed %2").arg(q(cell.value("prompt", ""))).arg(cell.value("seed", uint64_t{0})));
    item->setData(Qt::UserRole, image);
    const QImage cached = thumbnails_->cached(image, QSize(kThumb, kThumb), dpr);
    if (!cached.isNull()) {
      item->setIcon(QIcon(QPixmap::fromImage(cached)));
    } else {
      waiting_[image] << QPoint(c, r);
      thumbnails_->request(image, QSize(kThumb, kThumb), dpr);
    }
    setItem(r, c, item);
  }
  return true;
}

void CompareGridView::onThumbnail(const QString& path, const QImage& image) {
  const auto cells = waiting_.take(path);
  for (const QPoint& p : cells)
    if (auto* it = item(p.y(), p.x()); it && it->data(Qt::UserRole).toString() == path) it->setIcon(QIcon(QPixmap::fromImage(image)));
}

const nlohmann::json* CompareGridView::cellAt(int row, int column) const {
  if (!json_.is_object()) return nullptr;
  for (const auto& cell : json_["cells"])
    if (cell.value("row", -1) == row && cell.value("column", -1) * seeds_ + cell.value("index", 0) == column) return &cell;
  return nullptr;
}

QString CompareGridView::cellImage(int row, int column) const {
  const auto* cell = cellAt(row, column);
  return cell ? q(cell->value("image", "")) : QString();
}

QString CompareGridView::cellParameters(int row, int column) const {
  const auto* cell = cellAt(row, column);
  if (!cell) return {};
  const auto& r = json_["rows"][static_cast<std::size_t>(row)];
  QStringList lines;
  lines << tr("Prompt: %1").arg(q(cell->value("prompt", "")));
  if (!json_.value("negative_prompt", "").empty() && r.value("kind", "") != "checkpoint")
    lines << tr("Negative prompt: %1").arg(q(json_.value("negative_prompt", "")));
  lines << tr("Seed: %1").arg(cell->value("seed", uint64_t{0}));
  QString model = tr("Model: %1 — %2").arg(q(r.value("label", "")), QDir::toNativeSeparators(q(r.value("path", ""))));
  if (r.contains("step")) model += tr(", step %1").arg(r.value("step", int64_t{0}));
  if (r.contains("base_model"))
    model += tr(" on %1, scale %2").arg(QDir::toNativeSeparators(q(r.value("base_model", "")))).arg(r.value("lora_scale", 1.0));
  lines << model;
  lines << tr("Sampler: DDIM, %1 steps, guidance %2, %3×%4 px, %5")
               .arg(json_.value("steps", 0))
               .arg(json_.value("guidance", 0.0))
               .arg(r.value("width", 0))
               .arg(r.value("height", 0))
               .arg(q(json_.value("precision", "")));
  const std::string source = cell->value("source", "");
  if (source == "validation")
    lines << tr("Reused: the validation image %1 (identical parameters)").arg(QDir::toNativeSeparators(q(cell->value("reused_from", ""))));
  else if (source == "cache")
    lines << tr("Reused: drawn for an earlier grid with identical parameters");
  else
    lines << tr("Drawn for this grid");
  lines << tr("File: %1").arg(QDir::toNativeSeparators(q(cell->value("image", ""))));
  return lines.join(QLatin1Char('\n'));
}

void CompareGridView::openCell(int row, int column) {
  const QString image = cellImage(row, column);
  if (image.isEmpty()) return;
  const QString params = cellParameters(row, column);
  Q_EMIT cellOpened(image, params);
  auto* viewer = new ImageViewer(image, params, this);
  viewer->setAttribute(Qt::WA_DeleteOnClose);
  viewer->setObjectName("compareCellViewer");
  viewer->show();
}

}  // namespace olis::ui
