#pragma once
// The DreamBench protocol (DreamBooth paper, dataset at github.com/google/dreambooth): 30 subjects, each with
// its class word; 25 prompts per subject chosen by kind (object or live subject), 4 images per prompt with
// fixed seeds. The generation driver is resumable: images already on disk are skipped.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/eval/evaluator.h"
#include "core/util/error.h"

namespace olis::eval {

enum class SubjectKind { kObject, kLive };

struct DreamBenchSubject {
  std::string name;        // folder name, e.g. "duck_toy"
  std::string class_name;  // e.g. "toy"
  SubjectKind kind = SubjectKind::kObject;
  std::filesystem::path dir;
  std::vector<std::filesystem::path> photos;
};

struct DreamBenchDataset {
  std::filesystem::path root;
  std::vector<DreamBenchSubject> subjects;
  std::vector<std::string> object_prompts;  // templates: {0} = identifier, {1} = class word
  std::vector<std::string> live_prompts;
};

// Reads `root`/prompts_and_classes.txt (the dataset's own file: class CSV and both prompt lists) and the
// photos of every subject folder. Live subjects are the dogs and cats (class "dog" or "cat").
Expected<DreamBenchDataset> load_dreambench(const std::filesystem::path& root);
Expected<DreamBenchDataset> parse_dreambench_index(const std::string& text, const std::string& label);

// "a {0} {1} in the jungle" with ("sks", "dog") -> "a sks dog in the jungle".
std::string format_prompt(const std::string& templ, const std::string& identifier, const std::string& class_name);
// Specific name for CLIP-T(object) of a subject that is not one of DreamBench's 30 (those use the table
// of core/prompts/dreambench.h, e.g. rc_car -> "racing car toy"): the folder name with '_' as spaces and
// trailing digits dropped ("duck_toy" -> "duck toy", "dog2" -> "dog").
std::string specific_object_name(const std::string& subject);

// The class written in the generation prompts: the specific names of the paper's Table 3 ("a olis duck toy
// in the jungle", Olis' convention) or DreamBench's class words ("a olis toy in the jungle").
enum class DreamBenchClassNames { Specific, DreamBench };

struct DreamBenchProtocol {
  std::string identifier = "olis";  // Olis' identifier (DreamBooth's papers wrote "sks")
  DreamBenchClassNames class_names = DreamBenchClassNames::Specific;
  int64_t images_per_prompt = 4;
  int64_t base_seed = 0;  // image k of prompt p: seed = base_seed + p * images_per_prompt + k
  std::map<std::string, std::string> object_names;  // subject -> specific name (overrides the folder name rule)
};

struct GenerationRequest {
  std::string subject;
  std::string prompt;
  int64_t prompt_index = 0;
  int64_t image_index = 0;
  int64_t seed = 0;
  std::filesystem::path output;  // where the driver writes the image
};

// The class a subject's prompts are written with: with Specific, protocol.object_names, else the Table 3
// name of a DreamBench subject (core/prompts/dreambench.h), else its class word.
std::string prompt_class_name(const DreamBenchSubject& subject, const DreamBenchProtocol& protocol);

// All images of one subject in protocol order.
std::vector<GenerationRequest> dreambench_requests(const DreamBenchDataset& data, const DreamBenchSubject& subject,
                                                   const DreamBenchProtocol& protocol,
                                                   const std::filesystem::path& out_root);

// Returns an RGB uint8 [H, W, 3] image for a request (the sampling pipeline, or a stub in tests).
using ImageGenerator = std::function<torch::Tensor(const GenerationRequest&)>;

struct GenerationCallbacks {
  std::function<void(int64_t done, int64_t total, const GenerationRequest&)> progress;
  std::function<void(const std::string&)> log;
};

struct GenerationSummary {
  int64_t generated = 0;
  int64_t skipped = 0;  // already on disk (resume)
  bool cancelled = false;
};

// Generates every missing image of `subjects` (all when empty) under out_root/<subject>/NN_K.png and keeps
// out_root/<subject>/manifest.jsonl (path, prompt, seed, ...) up to date. Polls `cancel` between images.
GenerationSummary run_dreambench_generation(const DreamBenchDataset& data, const std::vector<std::string>& subjects,
                                            const std::filesystem::path& out_root, const DreamBenchProtocol& protocol,
                                            const ImageGenerator& generator, const GenerationCallbacks& callbacks = {},
                                            std::shared_ptr<const std::atomic<bool>> cancel = nullptr);

// Scoring input of one subject: its photos, the generated images of out_root/<subject> (from its
// manifest.jsonl, or else the protocol's NN_K.png files that exist) and the prompt rules (identifier
// removed, class word, specific object name).
Expected<SubjectInput> dreambench_subject_input(const DreamBenchDataset& data, const DreamBenchSubject& subject,
                                                const std::filesystem::path& out_root,
                                                const DreamBenchProtocol& protocol);

}  // namespace olis::eval
