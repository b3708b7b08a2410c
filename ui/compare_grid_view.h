#pragma once
// The cells of a compare grid (grid.json written by core/jobs/compare.h) as a table: a row per model, a
// column per prompt and seed, thumbnails made off the UI thread. A click opens the cell large with every
// parameter it was made with.
#include <QHash>
#include <QPoint>
#include <QTableWidget>

#include <nlohmann/json.hpp>

namespace olis::ui {

class ThumbnailLoader;

class CompareGridView : public QTableWidget {
  Q_OBJECT
 public:
  CompareGridView(ThumbnailLoader* thumbnails, QWidget* parent = nullptr);
  // Shows grid.json; false with `error` when it cannot be read.
  bool load(const QString& grid_json, QString* error);
  void clearGrid();
  QString gridJson() const { return json_path_; }
  // The parameters of a cell as shown in its dialog (empty when there is no cell there).
  QString cellParameters(int row, int column) const;
  QString cellImage(int row, int column) const;
  // Opens the cell large (the click's action; public for tests, which close the dialog).
  void openCell(int row, int column);

 Q_SIGNALS:
  void cellOpened(const QString& image, const QString& parameters);

 private:
  void onThumbnail(const QString& path, const QImage& image);
  const nlohmann::json* cellAt(int row, int column) const;

  ThumbnailLoader* thumbnails_;
  QString json_path_;
  nlohmann::json json_;
  int seeds_ = 1;
  QHash<QString, QList<QPoint>> waiting_;  // image -> cells waiting for its thumbnail (x: column, y: row)
};

}  // namespace olis::ui
