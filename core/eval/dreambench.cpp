#include "core/eval/dreambench.h"

#include <cctype>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/io/image_io.h"
#include "core/prompts/dreambench.h"
#include "core/util/atomic_file.h"

namespace olis::eval {
namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Expected<DreamBenchDataset> parse_dreambench_index(const std::string& text, const std::string& label) {
  DreamBenchDataset d;
  enum class Section { kNone, kClasses, kObject, kLive } section = Section::kNone;
  static const std::regex prompt_re(R"(^'(.*)'\.format\()");
  std::istringstream in(text);
  for (std::string raw; std::getline(in, raw);) {
    const auto line = trim(raw);
    if (line == "Classes") section = Section::kClasses;
    else if (line == "Object Prompts") section = Section::kObject;
    else if (line == "Live Subject Prompts") section = Section::kLive;
    else if (section == Section::kClasses) {
      const auto comma = line.find(',');
      if (comma == std::string::npos || line == "subject_name,class") continue;
      DreamBenchSubject s;
      s.name = trim(line.substr(0, comma));
      s.class_name = trim(line.substr(comma + 1));
      s.kind = (s.class_name == "dog" || s.class_name == "cat") ? SubjectKind::kLive : SubjectKind::kObject;
      d.subjects.push_back(s);
    } else if (section == Section::kObject || section == Section::kLive) {
      std::smatch m;
      if (std::regex_search(line, m, prompt_re))
        (section == Section::kObject ? d.object_prompts : d.live_prompts).push_back(m[1].str());
    }
  }
  if (d.subjects.empty()) return fail(fmt::format("{}: no 'Classes' list (subject_name,class lines)", label));
  if (d.object_prompts.empty() || d.live_prompts.empty())
    return fail(fmt::format("{}: the 'Object Prompts' or 'Live Subject Prompts' list is missing", label));
  return d;
}

Expected<DreamBenchDataset> load_dreambench(const fs::path& root) {
  const auto index = root / "prompts_and_classes.txt";
  auto text = read_text_file(index);
  if (!text) return fail(fmt::format("{}: not a DreamBench folder ({})", root.string(), text.error().what()));
  auto d = parse_dreambench_index(*text, index.string());
  if (!d) return d;
  d->root = root;
  for (auto& s : d->subjects) {
    s.dir = root / s.name;
    auto photos = list_images(s.dir);
    if (!photos) return fail(fmt::format("DreamBench subject '{}': {}", s.name, photos.error().what()));
    if (photos->empty()) return fail(fmt::format("DreamBench subject '{}': no photos in {}", s.name, s.dir.string()));
    s.photos = std::move(*photos);
  }
  return d;
}

std::string format_prompt(const std::string& templ, const std::string& identifier, const std::string& class_name) {
  std::string out;
  for (size_t i = 0; i < templ.size(); ++i) {
    if (templ.compare(i, 3, "{0}") == 0) out += identifier, i += 2;
    else if (templ.compare(i, 3, "{1}") == 0) out += class_name, i += 2;
    else out += templ[i];
  }
  // An empty identifier must not leave a double space.
  std::istringstream in(out);
  std::string word, joined;
  while (in >> word) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

std::string specific_object_name(const std::string& subject) {
  std::string s = subject;
  while (!s.empty() && std::isdigit(static_cast<unsigned char>(s.back()))) s.pop_back();
  for (auto& c : s)
    if (c == '_') c = ' ';
  return trim(s);
}

std::string prompt_class_name(const DreamBenchSubject& subject, const DreamBenchProtocol& protocol) {
  if (protocol.class_names == DreamBenchClassNames::DreamBench) return subject.class_name;
  if (auto it = protocol.object_names.find(subject.name); it != protocol.object_names.end()) return it->second;
  if (const auto* known = prompts::find_dreambench_subject(subject.name)) return known->specific_class;
  return subject.class_name;
}

std::vector<GenerationRequest> dreambench_requests(const DreamBenchDataset& data, const DreamBenchSubject& subject,
                                                   const DreamBenchProtocol& protocol, const fs::path& out_root) {
  const auto& templates = subject.kind == SubjectKind::kLive ? data.live_prompts : data.object_prompts;
  std::vector<GenerationRequest> out;
  for (size_t p = 0; p < templates.size(); ++p) {
    for (int64_t k = 0; k < protocol.images_per_prompt; ++k) {
      GenerationRequest r;
      r.subject = subject.name;
      r.prompt = format_prompt(templates[p], protocol.identifier, prompt_class_name(subject, protocol));
      r.prompt_index = static_cast<int64_t>(p);
      r.image_index = k;
      r.seed = protocol.base_seed + r.prompt_index * protocol.images_per_prompt + k;
      r.output = out_root / subject.name / fmt::format("{:02d}_{}.png", p, k);
      out.push_back(std::move(r));
    }
  }
  return out;
}

namespace {

void write_png_atomic(const fs::path& path, const torch::Tensor& rgb, const GenerationRequest& r) {
  if (rgb.dim() != 3 || rgb.size(2) != 3 || rgb.scalar_type() != torch::kUInt8)
    throw Error(fmt::format("{}: the generator must return an 8-bit RGB image [H, W, 3]", path.string()));
  auto c = rgb.contiguous();
  io::Image img;
  img.height = static_cast<int>(c.size(0));
  img.width = static_cast<int>(c.size(1));
  img.rgb.assign(c.data_ptr<uint8_t>(), c.data_ptr<uint8_t>() + c.numel());
  io::save_png(path, img, {{"parameters", fmt::format("{}\nSeed: {}, DreamBench subject: {}", r.prompt, r.seed, r.subject)}});
}

// The manifest lists the images of `requests` that exist on disk.
void write_manifest(const fs::path& dir, const std::vector<GenerationRequest>& requests) {
  std::string text;
  for (const auto& r : requests) {
    if (!fs::exists(r.output)) continue;
    nlohmann::json j{{"path", r.output.filename().string()}, {"prompt", r.prompt},         {"seed", r.seed},
                     {"subject", r.subject},                {"prompt_index", r.prompt_index}, {"image_index", r.image_index}};
    text += j.dump() + "\n";
  }
  write_file_atomic(dir / "manifest.jsonl", text);
}

}  // namespace

GenerationSummary run_dreambench_generation(const DreamBenchDataset& data, const std::vector<std::string>& subjects,
                                            const fs::path& out_root, const DreamBenchProtocol& protocol,
                                            const ImageGenerator& generator, const GenerationCallbacks& callbacks,
                                            std::shared_ptr<const std::atomic<bool>> cancel) {
  std::vector<const DreamBenchSubject*> chosen;
  for (const auto& s : data.subjects)
    if (subjects.empty() || std::find(subjects.begin(), subjects.end(), s.name) != subjects.end()) chosen.push_back(&s);
  for (const auto& name : subjects)
    if (std::none_of(chosen.begin(), chosen.end(), [&](auto* s) { return s->name == name; }))
      throw Error(fmt::format("DreamBench has no subject '{}'", name));
  std::vector<std::vector<GenerationRequest>> all;
  int64_t total = 0;
  for (auto* s : chosen) {
    all.push_back(dreambench_requests(data, *s, protocol, out_root));
    total += static_cast<int64_t>(all.back().size());
  }
  GenerationSummary summary;
  int64_t done = 0;
  for (const auto& requests : all) {
    if (requests.empty()) continue;
    const auto dir = requests.front().output.parent_path();
    fs::create_directories(dir);
    int64_t since_manifest = 0;
    for (const auto& r : requests) {
      if (cancel && cancel->load()) {
        summary.cancelled = true;
        write_manifest(dir, requests);
        return summary;
      }
      std::error_code ec;
      if (fs::exists(r.output, ec) && fs::file_size(r.output, ec) > 0) {
        ++summary.skipped;
      } else {
        write_png_atomic(r.output, generator(r), r);
        ++summary.generated;
        // Keep the manifest current every few images so an interrupted run is still scorable.
        if (++since_manifest % 8 == 0) write_manifest(dir, requests);
      }
      ++done;
      if (callbacks.progress) callbacks.progress(done, total, r);
    }
    write_manifest(dir, requests);
    if (callbacks.log) callbacks.log(fmt::format("{}: {} images in {}", requests.front().subject, requests.size(), dir.string()));
  }
  return summary;
}

Expected<SubjectInput> dreambench_subject_input(const DreamBenchDataset& data, const DreamBenchSubject& subject,
                                                const fs::path& out_root, const DreamBenchProtocol& protocol) {
  SubjectInput in;
  const auto dir = out_root / subject.name;
  if (fs::exists(dir / "manifest.jsonl")) {
    auto generated = load_generated_set(dir);
    if (!generated) return tl::unexpected(generated.error());
    in.generated = std::move(*generated);
  } else {  // images named by the protocol (NN_K.png) without a manifest: the protocol knows their prompts
    for (const auto& r : dreambench_requests(data, subject, protocol, out_root))
      if (fs::exists(r.output)) in.generated.push_back({r.output, r.prompt});
  }
  if (in.generated.empty())
    return fail(fmt::format("DreamBench subject '{}': no generated images in {}", subject.name, dir.string()));
  in.subject = subject.name;
  in.real = subject.photos;
  in.rules.identifier = protocol.identifier;
  in.rules.class_name = subject.class_name;
  in.rules.prompt_class = prompt_class_name(subject, protocol);
  auto it = protocol.object_names.find(subject.name);
  const auto* known = prompts::find_dreambench_subject(subject.name);  // DreamBench's specific class names
  in.rules.object_name = it != protocol.object_names.end() ? it->second
                         : known                          ? known->specific_class
                                                          : specific_object_name(subject.name);
  return in;
}

}  // namespace olis::eval
