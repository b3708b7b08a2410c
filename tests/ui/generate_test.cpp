// The Generate tab end to end with a tiny pipeline built in the test: the job runs on the engine thread,
// writes PNGs, the gallery fills, and a click opens the image large with its parameters. Without a
// pipeline or a base model the tab says that no model is loaded.
#include <torch/torch.h>

#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "core/jobs/generation_job.h"
#include "ui/engine_worker.h"
#include "ui/generate_tab.h"
#include "ui/image_viewer.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/project_controller.h"

namespace {

// Real tensors through the real sampling loop; the "models" are small fixed functions.
std::shared_ptr<const olis::sampling::PipelineComponents> tinyPipeline() {
  auto c = std::make_shared<olis::sampling::PipelineComponents>();
  c->encode_prompt = [](const std::string& prompt, const std::string& negative, bool) {
    olis::sampling::PromptConditioning pc;
    pc.cond.encoder_hidden_states = torch::full({1, 4, 8}, static_cast<double>(prompt.size() % 7) / 7.0);
    pc.uncond.encoder_hidden_states = torch::full({1, 4, 8}, static_cast<double>(negative.size() % 7) / 7.0);
    return pc;
  };
  c->denoise = [](const torch::Tensor& x, double, const olis::sampling::Conditioning& cond) {
    return 0.1 * x + cond.encoder_hidden_states.mean().item<double>();
  };
  c->decode = [](const torch::Tensor& latents) {
    return torch::tanh(latents.slice(1, 0, 3)).repeat_interleave(8, 2).repeat_interleave(8, 3);
  };
  c->model_name = "tiny";
  return c;
}

}  // namespace

class GenerateTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    torch::set_num_threads(1);
  }

  void noModelIsExplained() {
    olis::ui::MainWindow w;
    auto* tab = w.generateTab();
    tab->findChild<QPlainTextEdit*>("prompt")->setPlainText("a photo of olis dog");
    tab->setPipelineProvider({});
    tab->generateButton()->click();
    QVERIFY2(tab->messageArea()->plainText().startsWith("No model loaded"), qPrintable(tab->messageArea()->plainText()));
    QCOMPARE(w.engine()->pendingCount(), 0);
    QCOMPARE(tab->gallery()->count(), 0);
  }

  void generatesIntoTheGalleryAndOpensLarge() {
    QTemporaryDir projects;
    olis::ui::MainWindow w;
    QString error;
    QVERIFY(w.project()->saveAs(projects.filePath("p"), &error));
    auto* tab = w.generateTab();
    int loads = 0;
    tab->setPipelineProvider([&loads](const std::filesystem::path&, const std::filesystem::path&,
                                      const olis::jobs::JobCallbacks& cb) {
      ++loads;
      cb.emit_log("tiny pipeline");
      return tinyPipeline();
    });
    tab->setBaseModelPath(projects.filePath("model"));
    olis::jobs::GenerateSettings s = w.project()->project().generate;
    s.prompt = "a photo of olis dog";
    s.steps = 4;
    s.batch = 2;
    s.seed = 5;
    s.width_px = 512;
    s.height_px = 512;
    w.project()->setGenerate(s);
    w.project()->projectReplaced();  // the tab reloads its fields from the project
    QSignalSpy finished(tab, &olis::ui::GenerateTab::generationFinished);
    tab->generateButton()->click();
    QVERIFY(!tab->generateButton()->isEnabled());  // one generation at a time
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(tab->messageArea()->plainText()));
    QCOMPARE(loads, 1);
    QCOMPARE(tab->gallery()->count(), 2);
    const QString path = tab->gallery()->item(0)->data(Qt::UserRole + 2).toString();
    QVERIFY2(path.startsWith(projects.filePath("p/outputs/generated/")), qPrintable(path));
    QImage image(path);
    QCOMPARE(image.size(), QSize(512, 512));
    const QString params = tab->gallery()->item(0)->toolTip();
    QVERIFY2(params.contains("a photo of olis dog") && params.contains("Steps: 4") && params.contains("Seed: 5"),
             qPrintable(params));

    // A click opens the image large with its parameters.
    tab->openImage(0);
    auto* viewer = tab->findChild<olis::ui::ImageViewer*>("imageViewer");
    QVERIFY(viewer);
    QVERIFY(viewer->findChild<QPlainTextEdit*>()->toPlainText().contains("Steps: 4"));
    auto* label = viewer->findChild<QLabel*>();
    QVERIFY(label && label->pixmap().size() == QSize(512, 512));
    viewer->close();
  }
};

QTEST_MAIN(GenerateTest)
#include "generate_test.moc"
