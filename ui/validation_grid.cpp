#include "ui/validation_grid.h"

#include <QFontMetrics>
#include <QHeaderView>

#include <cmath>

#include "core/training/checkpoint.h"
#include "ui/thumbnail_loader.h"

namespace olis::ui {

namespace fs = std::filesystem;

namespace {

constexpr int kThumb = 96;
constexpr int kStepRole = Qt::UserRole + 1;

constexpr int kColumnPx = kThumb + 48;
constexpr int kHeaderLines = 3;

QString score(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 3); }

// A prompt on up to kHeaderLines lines of at most `width_px` (the last one elided), so that a column header shows
// the whole prompt, or as much of it as fits, rather than its first words cut off.
QString wrapped(const QString& text, const QFontMetrics& fm, int width_px) {
  QStringList lines;
  QString line;
  const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
  for (int i = 0; i < words.size(); ++i) {
    const QString next = line.isEmpty() ? words[i] : line + QLatin1Char(' ') + words[i];
    if (line.isEmpty() || fm.horizontalAdvance(next) <= width_px) {
      line = next;
      continue;
    }
    lines << line;
    line = words[i];
    if (lines.size() == kHeaderLines - 1) {  // the rest goes on the last line, elided
      line = words.mid(i).join(QLatin1Char(' '));
      break;
    }
  }
  if (!line.isEmpty()) lines << fm.elidedText(line, Qt::ElideRight, width_px);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

ValidationGrid::ValidationGrid(ThumbnailLoader* thumbnails, QWidget* parent)
    : QTableWidget(parent), thumbnails_(thumbnails) {
  setObjectName("validationGrid");
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setIconSize(QSize(kThumb, kThumb));
  setWordWrap(true);
  verticalHeader()->setDefaultSectionSize(kThumb + 8);
  // Wide enough for the thumbnail and a readable part of the prompt in the header.
  horizontalHeader()->setDefaultSectionSize(kColumnPx);
  horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  horizontalHeader()->setTextElideMode(Qt::ElideRight);
  setToolTip(tr("A row per validation round, a column per fixed prompt and seed"));
  connect(thumbnails_, &ThumbnailLoader::thumbnailReady, this, &ValidationGrid::onThumbnail);
}

void ValidationGrid::clearRounds() {
  clear();
  setRowCount(0);
  setColumnCount(0);
  pending_.clear();
}

void ValidationGrid::showRounds(const std::vector<olis::jobs::ValidationRound>& rounds,
                                const std::vector<olis::eval::CheckpointMetrics>& records, const fs::path& checkpoint_dir,
                                std::optional<int64_t> suggested) {
  clearRounds();
  std::map<int64_t, olis::eval::CheckpointMetrics> scored;
  for (const auto& r : records) scored[r.step] = r;
  const qreal dpr = devicePixelRatioF();
  int columns = 0;
  for (const auto& round : rounds) {
    const int row = rowCount();
    insertRow(row);
    const bool has_ckpt = fs::exists(olis::training::checkpoint_path(checkpoint_dir, round.step));
    QString head = tr("step %1").arg(round.step);
    if (has_ckpt) head += QLatin1Char('\n') + tr("checkpoint");
    if (suggested && *suggested == round.step) head += QStringLiteral(" ★");
    auto* header = new QTableWidgetItem(head);
    header->setData(kStepRole, static_cast<qlonglong>(round.step));
    if (!round.problem.empty()) {
      header->setToolTip(QString::fromStdString(round.problem));
    } else if (auto it = scored.find(round.step); it != scored.end()) {
      header->setToolTip(tr("DINO %1, CLIP-I %2, CLIP-T %3")
                             .arg(score(it->second.dino), score(it->second.clip_i), score(it->second.clip_t)));
    }
    setVerticalHeaderItem(row, header);
    const int n = static_cast<int>(round.images.size());
    if (n > columns) {
      // Columns are the fixed prompts: every round uses the same ones, so the header names them.
      setColumnCount(n);
      for (int c = columns; c < n; ++c) {
        const auto& im = round.images[static_cast<size_t>(c)];
        const QString prompt = QString::fromStdString(im.prompt);
        auto* col = new QTableWidgetItem(wrapped(prompt, horizontalHeader()->fontMetrics(), kColumnPx - 10));
        col->setToolTip(tr("seed %1: %2").arg(im.seed).arg(prompt));
        setHorizontalHeaderItem(c, col);
      }
      columns = n;
    }
    for (int c = 0; c < n; ++c) {
      const auto& im = round.images[static_cast<size_t>(c)];
      const QString path = QString::fromStdString((round.dir / im.file).string());
      auto* item = new QTableWidgetItem;
      item->setToolTip(tr("step %1, seed %2: %3").arg(round.step).arg(im.seed).arg(QString::fromStdString(im.prompt)));
      item->setData(Qt::UserRole, path);
      const QImage cached = thumbnails_->cached(path, QSize(kThumb, kThumb), dpr);
      if (!cached.isNull()) {
        item->setIcon(QIcon(QPixmap::fromImage(cached)));
      } else {
        pending_.insert(path, QPoint(c, row));
        thumbnails_->request(path, QSize(kThumb, kThumb), dpr);
      }
      setItem(row, c, item);
    }
  }
  if (rowCount() > 0) scrollToBottom();
}

void ValidationGrid::onThumbnail(const QString& path, const QImage& image) {
  auto it = pending_.find(path);
  if (it == pending_.end()) return;
  if (auto* cell = item(it->y(), it->x()); cell && cell->data(Qt::UserRole).toString() == path)
    cell->setIcon(QIcon(QPixmap::fromImage(image)));
  pending_.erase(it);
}

int ValidationGrid::rowOfStep(int64_t step) const {
  for (int r = 0; r < rowCount(); ++r)
    if (auto* h = verticalHeaderItem(r); h && h->data(kStepRole).toLongLong() == step) return r;
  return -1;
}

std::optional<int64_t> ValidationGrid::selectedStep() const {
  const auto rows = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
  if (rows.isEmpty()) return std::nullopt;
  if (auto* header = verticalHeaderItem(rows.front().row())) return header->data(kStepRole).toLongLong();
  return std::nullopt;
}

}  // namespace olis::ui
