#include "ui/pool_view.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "ui/message_area.h"

namespace olis::ui {

namespace {
using olis::prompts::PoolSlot;
using olis::prompts::SubjectKind;

struct LoadResult {
  bool ok = false;
  olis::prompts::PoolSet pools;
  QString error;
};

QString kindTitle(const QString& kind) {
  if (kind == "object") return PoolView::tr("Objects");
  if (kind == "living") return PoolView::tr("Living (animals)");
  if (kind == "person") return PoolView::tr("People");
  return PoolView::tr("Styles");
}

QString removalKey(const QString& s) { return s.simplified().toLower(); }
}  // namespace

PoolView::PoolView(const QString& user_pool_file, QWidget* parent) : QWidget(parent), file_(user_pool_file) {
  setObjectName("PoolView");
  tree_ = new QTreeWidget(this);
  tree_->setObjectName("poolTree");
  tree_->setHeaderLabels({tr("Pool"), tr("Entries")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  sources_ = new QLabel(this);
  sources_->setWordWrap(true);
  sources_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  kind_ = new QComboBox(this);
  for (const char* k : {"object", "living", "person", "style"}) kind_->addItem(kindTitle(QString::fromLatin1(k)), QString::fromLatin1(k));
  slot_ = new QComboBox(this);
  entry_ = new QLineEdit(this);
  entry_->setPlaceholderText(tr("e.g. lumpy, or \"on a picnic blanket\""));
  add_ = new QPushButton(tr("&Add to pool"), this);
  remove_ = new QPushButton(tr("Remo&ve from pool"), this);
  changes_ = new QListWidget(this);
  changes_->setObjectName("poolChanges");
  undo_ = new QPushButton(tr("&Undo selected change"), this);
  messages_ = new MessageArea(this);

  auto* left = new QWidget(this);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->addWidget(new QLabel(tr("Prompts are built from these pools. Expand a slot to see its entries."), left));
  lv->addWidget(tree_, 1);
  lv->addWidget(sources_);

  auto* edit_box = new QGroupBox(tr("Your pool file"), this);
  auto* form = new QFormLayout;
  form->addRow(tr("Kind:"), kind_);
  form->addRow(tr("Slot:"), slot_);
  form->addRow(tr("Entry:"), entry_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(add_);
  buttons->addWidget(remove_);
  auto* ev = new QVBoxLayout(edit_box);
  auto* file_label = new QLabel(tr("Changes are saved to %1; the shipped pools stay as they are.")
                                    .arg(QDir::toNativeSeparators(file_)),
                                edit_box);
  file_label->setWordWrap(true);
  ev->addWidget(file_label);
  ev->addLayout(form);
  ev->addLayout(buttons);
  ev->addWidget(new QLabel(tr("Changes:"), edit_box));
  ev->addWidget(changes_, 1);
  ev->addWidget(undo_);
  ev->addWidget(messages_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(edit_box);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  connect(kind_, &QComboBox::currentIndexChanged, this, &PoolView::fillSlots);
  connect(add_, &QPushButton::clicked, this, [this] {
    if (addEntry(kind_->currentData().toString(), slot_->currentData().toString(), entry_->text())) entry_->clear();
  });
  connect(remove_, &QPushButton::clicked, this, [this] {
    if (removeEntry(kind_->currentData().toString(), slot_->currentData().toString(), entry_->text())) entry_->clear();
  });
  connect(undo_, &QPushButton::clicked, this, [this] {
    QListWidgetItem* item = changes_->currentItem();
    if (!item) return;
    const QStringList parts = item->data(Qt::UserRole).toStringList();  // op, slot, entry
    auto& map = parts[0] == "add" ? overlay_.add : overlay_.remove;
    const std::string slot = parts[1].toStdString();
    if (parts[0] == "add" && slot == "styles") {
      auto& v = overlay_.add_styles;
      v.erase(std::remove_if(v.begin(), v.end(), [&](const auto& s) { return s.text == parts[2].toStdString(); }), v.end());
    } else {
      auto& v = map[slot];
      v.erase(std::remove(v.begin(), v.end(), parts[2].toStdString()), v.end());
      if (v.empty()) map.erase(slot);
    }
    if (saveOverlay()) reload();
  });
  connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
    if (item->childCount() == 0 && item->parent() && item->parent()->parent()) entry_->setText(item->text(0));
  });

  if (QFileInfo::exists(file_)) {
    auto ov = olis::prompts::load_pool_overlay(file_.toStdString());
    if (ov) {
      overlay_ = *ov;
    } else {
      messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(ov.error().message())}});
    }
  }
  fillSlots();
  showChanges();
  reload();
}

void PoolView::fillSlots() {
  const QString kind = kind_->currentData().toString();
  slot_->clear();
  if (kind == "style") {
    slot_->addItem(tr("styles"), QStringLiteral("styles"));
    return;
  }
  const SubjectKind k = *olis::prompts::parse_subject_kind(kind.toStdString());
  for (auto s : {PoolSlot::Adjective1, PoolSlot::Adjective2, PoolSlot::Adjective3, PoolSlot::Scene}) {
    const QString name = QString::fromLatin1(olis::prompts::slot_name(k, s));
    slot_->addItem(name, name);
  }
}

void PoolView::reload() {
  if (loading_) return;
  loading_ = true;
  olis::prompts::PoolLoadOptions options;
  if (QFileInfo::exists(file_)) options.user_files.emplace_back(file_.toStdString());
  auto* watcher = new QFutureWatcher<LoadResult>(this);
  connect(watcher, &QFutureWatcher<LoadResult>::finished, this, [this, watcher] {
    const LoadResult r = watcher->result();
    watcher->deleteLater();
    loading_ = false;
    if (r.ok) {
      showPools(r.pools);
    } else {
      messages_->showMessages({{UiMessage::Level::Error, r.error}});
    }
    Q_EMIT loaded(r.ok);
  });
  watcher->setFuture(QtConcurrent::run([options] {
    LoadResult r;
    auto pools = olis::prompts::load_pool_set(options);
    if (pools) {
      r.ok = true;
      r.pools = std::move(*pools);
    } else {
      r.error = QString::fromStdString(pools.error().message());
    }
    return r;
  }));
}

void PoolView::showPools(const olis::prompts::PoolSet& pools) {
  tree_->clear();
  for (auto kind : {SubjectKind::Object, SubjectKind::Living, SubjectKind::Person}) {
    auto* top = new QTreeWidgetItem(tree_, {kindTitle(QString::fromLatin1(olis::prompts::to_string(kind)))});
    const auto& kp = pools.for_kind(kind);
    size_t total = 0;
    for (auto s : {PoolSlot::Adjective1, PoolSlot::Adjective2, PoolSlot::Adjective3, PoolSlot::Scene}) {
      const auto& entries = kp[s];
      total += entries.size();
      auto* slot = new QTreeWidgetItem(top, {QString::fromLatin1(olis::prompts::slot_name(kind, s)),
                                             QString::number(entries.size())});
      for (const auto& e : entries) new QTreeWidgetItem(slot, {QString::fromStdString(e)});
    }
    top->setText(1, QString::number(total));
  }
  auto* styles = new QTreeWidgetItem(tree_, {kindTitle(QStringLiteral("style")), QString::number(pools.styles.size())});
  auto* photo = new QTreeWidgetItem(styles, {tr("photographic")});
  auto* art = new QTreeWidgetItem(styles, {tr("artistic")});
  for (const auto& s : pools.styles) new QTreeWidgetItem(s.photographic ? photo : art, {QString::fromStdString(s.text)});
  photo->setText(1, QString::number(photo->childCount()));
  art->setText(1, QString::number(art->childCount()));
  QStringList files;
  for (const auto& f : pools.sources) files << QDir::toNativeSeparators(QString::fromStdString(f.string()));
  sources_->setText(tr("Read from: %1").arg(files.join(QStringLiteral(", "))));
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) tree_->topLevelItem(i)->setExpanded(false);
}

bool PoolView::addEntry(const QString& kind, const QString& slot, const QString& entry_in) {
  const QString entry = entry_in.simplified();
  if (entry.isEmpty()) return false;
  overlay_.kind = overlay_.kind.empty() ? kind.toStdString() : overlay_.kind;
  if (overlay_.kind != kind.toStdString()) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("Your pool file edits the %1 pool; one file edits one kind.")
                                  .arg(kindTitle(QString::fromStdString(overlay_.kind)))}});
    return false;
  }
  if (kind == "style") {
    // A style that names a photo ("a polaroid photo of") is photographic; anything else is artistic.
    overlay_.add_styles.push_back({entry.toStdString(), entry.contains(QStringLiteral("photo"), Qt::CaseInsensitive)});
  } else {
    overlay_.add[slot.toStdString()].push_back(entry.toStdString());
  }
  if (!saveOverlay()) return false;
  reload();
  Q_EMIT userPoolChanged();
  return true;
}

bool PoolView::removeEntry(const QString& kind, const QString& slot, const QString& entry_in) {
  const QString entry = entry_in.simplified();
  if (entry.isEmpty()) return false;
  overlay_.kind = overlay_.kind.empty() ? kind.toStdString() : overlay_.kind;
  if (overlay_.kind != kind.toStdString()) {
    messages_->showMessages({{UiMessage::Level::Warning,
                              tr("Your pool file edits the %1 pool; one file edits one kind.")
                                  .arg(kindTitle(QString::fromStdString(overlay_.kind)))}});
    return false;
  }
  auto& v = overlay_.remove[slot.toStdString()];
  for (const auto& e : v) {
    if (removalKey(QString::fromStdString(e)) == removalKey(entry)) return true;
  }
  v.push_back(entry.toStdString());
  if (!saveOverlay()) return false;
  reload();
  Q_EMIT userPoolChanged();
  return true;
}

bool PoolView::saveOverlay() {
  QDir().mkpath(QFileInfo(file_).absolutePath());
  // Validate before writing: an overlay that breaks the pools is refused with the engine's message.
  olis::prompts::PoolLoadOptions options;
  auto pools = olis::prompts::load_pool_set(options);
  if (pools) {
    auto applied = olis::prompts::apply_pool_overlay(*pools, overlay_);
    if (!applied) {
      messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(applied.error().message())}});
      auto ov = olis::prompts::load_pool_overlay(file_.toStdString());
      overlay_ = ov ? *ov : olis::prompts::PoolOverlay{};
      showChanges();
      return false;
    }
  }
  auto r = olis::prompts::save_pool_overlay(file_.toStdString(), overlay_);
  if (!r) {
    messages_->showMessages({{UiMessage::Level::Error, QString::fromStdString(r.error().message())}});
    return false;
  }
  messages_->clear();
  showChanges();
  return true;
}

void PoolView::showChanges() {
  changes_->clear();
  auto add_row = [this](const QString& op, const QString& slot, const QString& entry) {
    auto* item = new QListWidgetItem(QStringLiteral("%1 %2: %3").arg(op == "add" ? QStringLiteral("+") : QStringLiteral("−"), slot, entry), changes_);
    item->setData(Qt::UserRole, QStringList{op, slot, entry});
    item->setForeground(op == "add" ? QColor(0x1b, 0x5e, 0x20) : QColor(0xb7, 0x1c, 0x1c));
  };
  for (const auto& [slot, entries] : overlay_.add) {
    for (const auto& e : entries) add_row("add", QString::fromStdString(slot), QString::fromStdString(e));
  }
  for (const auto& s : overlay_.add_styles) add_row("add", QStringLiteral("styles"), QString::fromStdString(s.text));
  for (const auto& [slot, entries] : overlay_.remove) {
    for (const auto& e : entries) add_row("remove", QString::fromStdString(slot), QString::fromStdString(e));
  }
  undo_->setEnabled(changes_->count() > 0);
}

}  // namespace olis::ui
