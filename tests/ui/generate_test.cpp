// The Generate tab end to end with a tiny pipeline built in the test: the job runs on the engine thread,
// writes PNGs, the gallery fills (and is there again when the project is reopened), `<new>` in the prompt
// becomes the identifier, and a click opens the image large with its parameters. Without a pipeline or a base
// model the tab says that no model is loaded; the project's trained results are offered and used; the prompt's
// example speaks of the project's subject.
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
#include "tests/ui/ui_test_util.h"
#include "ui/caption_editor.h"
#include "ui/main_window.h"
#include "ui/message_area.h"
#include "ui/photo_list.h"
#include "ui/project_controller.h"
#include "ui/subject_tab.h"
#include "ui/trained_results.h"

namespace {

// Real tensors through the real sampling loop; the "models" are small fixed functions.
std::shared_ptr<const olis::sampling::PipelineComponents> tinyPipeline() {
  auto c = std::make_shared<olis::sampling::PipelineComponents>();
  c->encode_prompt = [](const std::string& prompt, const std::string& negative, bool guided) {
    auto encode = [](const std::string& text) {
      olis::sampling::Conditioning cond;
      cond.encoder_hidden_states = torch::full({1, 4, 8}, static_cast<double>(text.size() % 7) / 7.0);
      return cond;
    };
    olis::sampling::PromptConditioning r;
    r.cond = encode(prompt);
    if (guided) r.uncond = encode(negative);
    return r;
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
    const QString folder = projects.filePath("p");
    {
      olis::ui::MainWindow w;
      QString error;
      QVERIFY(w.project()->saveAs(folder, &error));
      auto* tab = w.generateTab();
      int loads = 0;
      tab->setPipelineProvider([&loads](const std::filesystem::path&, const std::filesystem::path&,
                                        const olis::jobs::JobCallbacks& cb) {
        ++loads;
        cb.emit_log("tiny pipeline");
        return tinyPipeline();
      });
      olis::jobs::GenerateSettings s = w.project()->project().generate;
      s.prompt = "a photo of <new> dog";
      s.steps = 4;
      s.batch = 2;
      s.seed = 5;
      s.width_px = 512;
      s.height_px = 512;
      w.project()->setGenerate(s);
      w.project()->projectReplaced();  // the tab reloads its fields from the project
      tab->setBaseModelPath(projects.filePath("model"));
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
      // <new> became the identifier, as in the captions.
      const QString params = tab->gallery()->item(0)->toolTip();
      QVERIFY2(params.startsWith("a photo of olis dog") && params.contains("Steps: 4") && params.contains("Seed: 5"),
               qPrintable(params));
      QVERIFY2(!params.contains("<new>"), qPrintable(params));

      // A click opens the image large with its parameters.
      tab->openImage(0);
      auto* viewer = tab->findChild<olis::ui::ImageViewer*>("imageViewer");
      QVERIFY(viewer);
      QVERIFY(viewer->findChild<QPlainTextEdit*>()->toPlainText().contains("Steps: 4"));
      auto* label = viewer->findChild<QLabel*>();
      QVERIFY(label && label->pixmap().size() == QSize(512, 512));
      viewer->close();
      QVERIFY(w.close());  // a saved project is saved on quitting, without a question
    }
    // Reopened, the project shows its gallery again, with the parameters read back from the images.
    olis::ui::MainWindow w;
    QVERIFY(w.openProjectPath(folder));
    auto* gallery = w.generateTab()->gallery();
    QCOMPARE(gallery->count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!gallery->item(1)->icon().isNull(), 5000);
    QVERIFY2(gallery->item(1)->toolTip().contains("a photo of olis dog"), qPrintable(gallery->item(1)->toolTip()));
    QCOMPARE(w.generateTab()->promptEdit()->toPlainText(), QString("a photo of <new> dog"));
  }

  void theProjectsTrainedResultsAreOffered() {
    QTemporaryDir projects;
    const QString folder = projects.filePath("p");
    olis::ui::MainWindow w;
    QString error;
    QVERIFY(w.project()->saveAs(folder, &error));
    auto* tab = w.generateTab();
    tab->setPipelineProvider([](const std::filesystem::path&, const std::filesystem::path&,
                                const olis::jobs::JobCallbacks&) { return tinyPipeline(); });
    tab->setBaseModelPath(projects.filePath("sd15.safetensors"));
    QVERIFY(QDir().mkpath(folder + "/training/export/step-00000500"));
    for (const char* f : {"training/export/lora_kohya.safetensors", "training/export/step-00000500/lora_kohya.safetensors"}) {
      QFile file(QDir(folder).filePath(f));
      QVERIFY(file.open(QIODevice::WriteOnly));
    }
    tab->refreshResults();
    auto* choice = tab->modelChoice();
    QCOMPARE(choice->count(), 4);  // base model, two LoRAs, another file
    QCOMPARE(choice->itemText(1), QString("Trained LoRA (end of training)"));
    QCOMPARE(choice->itemText(2), QString("Trained LoRA (step 500)"));
    choice->setCurrentIndex(2);
    tab->promptEdit()->setPlainText("a <new> dog");
    QString why;
    auto job = tab->makeJob(&why);
    QVERIFY2(job, qPrintable(why));
    QCOMPARE(QString::fromStdString(job->params().lora_path.string()),
             QDir(folder).filePath("training/export/step-00000500/lora_kohya.safetensors"));
    QCOMPARE(QString::fromStdString(job->params().model_path.string()), projects.filePath("sd15.safetensors"));
    // Kept in the project (relative, so the folder can move) and chosen again when it is reopened.
    QCOMPARE(w.project()->project().generate.lora_path, std::string("training/export/step-00000500/lora_kohya.safetensors"));
    QVERIFY(w.project()->save(&error));
    olis::ui::MainWindow again;
    QVERIFY(again.openProjectPath(folder));
    QCOMPARE(again.generateTab()->modelChoice()->currentText(), QString("Trained LoRA (step 500)"));
  }

  void theExamplePromptSpeaksOfTheSubject() {
    QTemporaryDir dir;
    QVERIFY(olis::test::writeImage(dir.filePath("a.png"), 600, 600, 1));
    olis::ui::MainWindow w;
    olis::jobs::SubjectSettings subject;
    subject.class_noun = "backpack";
    w.project()->setSubject(subject);
    w.addPhotos({dir.filePath("a.png")});
    const QString example = w.generateTab()->promptEdit()->placeholderText();
    QVERIFY2(example.contains("<new> backpack") && !example.contains("dog"), qPrintable(example));
    const QString caption = w.subjectTab()->photoList()->captionEditor(0)->textEdit()->placeholderText();
    QVERIFY2(caption.contains("<new> backpack") && !caption.contains("dog"), qPrintable(caption));
    for (QLabel* label : w.subjectTab()->findChildren<QLabel*>())  // the captions' help too
      QVERIFY2(!label->text().contains("dog"), qPrintable(label->text()));
  }
};

QTEST_MAIN(GenerateTest)
#include "generate_test.moc"
