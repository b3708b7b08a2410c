#include "core/jobs/regset_job.h"

#include "core/io/image_io.h"

#include <chrono>
#include <sstream>

#include <fmt/format.h>

#include "core/util/atomic_file.h"
#include "core/util/json_util.h"

namespace olis::jobs {

namespace fs = std::filesystem;

Expected<ManifestLines> read_manifest_lines(const fs::path& path) {
  auto text = read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  ManifestLines out;
  std::istringstream in(*text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string label = path.filename().string() + ":" + std::to_string(number);
    auto j = parse_json_lenient(line, label);
    if (!j) return tl::unexpected(j.error());
    if (!j->is_object() || !j->contains("id") || !j->contains("prompt") || !j->contains("seed"))
      return fail(label + ": a manifest item needs \"id\", \"prompt\" and \"seed\"");
    out.items.push_back(std::move(*j));
  }
  return out;
}

void write_manifest_lines(const fs::path& path, const ManifestLines& lines) {
  std::string text;
  for (const auto& j : lines.items) {
    text += j.dump();
    text += '\n';
  }
  write_file_atomic(path, text);
}


RegSetJob::RegSetJob(RegSetParams params, RegImageGenerator generator, RegLatentEncoder encoder)
    : params_(std::move(params)), generator_(std::move(generator)), encoder_(std::move(encoder)) {
  if (params_.cache_root.empty()) params_.cache_root = default_regset_cache_root();
  dir_ = regset_dir(params_.cache_root, params_.key);
  status_.dir = dir_;
  status_.manifest = dir_ / "manifest.jsonl";
}

std::string RegSetJob::name() const {
  const auto& k = params_.key;
  return fmt::format("Regularization set: {} images of {}", k.count, k.specific_class.empty() ? k.class_noun : k.specific_class);
}

namespace {
std::string image_rel_path(const std::string& id) { return "images/" + id + ".png"; }
bool has_image(const nlohmann::json& item, const fs::path& dir) {
  auto it = item.find("image");
  if (it == item.end() || !it->is_string() || it->get<std::string>().empty()) return false;
  std::error_code ec;
  return fs::is_regular_file(dir / it->get<std::string>(), ec);
}
}  // namespace

void RegSetJob::run(const JobCallbacks& callbacks, CancelToken& cancel) {
  if (!generator_) throw Error("the regularization-set job has no image generator");
  if (params_.batch_size < 1) throw Error("the regularization batch size must be at least 1");
  std::error_code ec;
  fs::create_directories(dir_ / "images", ec);
  if (ec) throw Error("cannot create the regularization cache folder " + dir_.string() + ": " + ec.message());
  if (encoder_) fs::create_directories(dir_ / "latents", ec);
  if (!fs::exists(dir_ / "key.json")) write_file_atomic(dir_ / "key.json", params_.key.to_json().dump(2) + "\n");

  ManifestLines manifest;
  if (fs::exists(status_.manifest)) {
    manifest = value_or_throw(read_manifest_lines(status_.manifest));
  } else {
    if (params_.source_manifest.empty()) throw Error("no prompt manifest was given for the regularization set");
    manifest = value_or_throw(read_manifest_lines(params_.source_manifest));
    if (static_cast<int64_t>(manifest.items.size()) > params_.key.count) manifest.items.resize(static_cast<std::size_t>(params_.key.count));
    for (auto& item : manifest.items) item["image"] = nullptr;
    write_manifest_lines(status_.manifest, manifest);
  }
  status_.total = static_cast<int64_t>(manifest.items.size());

  // Adopt images that were written before a kill but never recorded.
  std::vector<std::size_t> pending;
  bool adopted = false;
  for (std::size_t i = 0; i < manifest.items.size(); ++i) {
    auto& item = manifest.items[i];
    if (has_image(item, dir_)) continue;
    const auto rel = image_rel_path(item.at("id").get<std::string>());
    if (fs::is_regular_file(dir_ / rel, ec) && (!encoder_ || fs::exists(dir_ / "latents" / (item.at("id").get<std::string>() + ".safetensors")))) {
      item["image"] = rel;
      adopted = true;
      continue;
    }
    pending.push_back(i);
  }
  if (adopted) write_manifest_lines(status_.manifest, manifest);
  status_.done = status_.total - static_cast<int64_t>(pending.size());
  status_.reused = pending.empty() && fs::exists(dir_ / "complete.json");

  ProgressReporter progress(callbacks, status_.total);
  progress.step(status_.done);
  if (status_.reused) {
    callbacks.emit_log(fmt::format("Reusing the regularization set in {} ({} images)", dir_.string(), status_.total));
    return;
  }
  if (status_.done > 0)
    callbacks.emit_log(fmt::format("Resuming the regularization set: {} of {} images already exist", status_.done, status_.total));

  const auto start = std::chrono::steady_clock::now();
  int64_t generated = 0;
  for (std::size_t b = 0; b < pending.size(); b += static_cast<std::size_t>(params_.batch_size)) {
    cancel.throw_if_cancelled();
    std::vector<RegImageRequest> batch;
    std::vector<std::size_t> rows;
    for (std::size_t k = b; k < std::min(pending.size(), b + static_cast<std::size_t>(params_.batch_size)); ++k) {
      const auto& item = manifest.items[pending[k]];
      RegImageRequest r;
      r.id = item.at("id").get<std::string>();
      r.prompt = item.at("prompt").get<std::string>();
      r.seed = item.at("seed").get<uint64_t>();
      r.negative_prompt = params_.negative_prompt;
      r.width_px = params_.width_px;
      r.height_px = params_.height_px;
      batch.push_back(std::move(r));
      rows.push_back(pending[k]);
    }
    auto images = generator_(batch, cancel);
    if (images.size() != batch.size())
      throw Error(fmt::format("the image generator returned {} images for a batch of {}", images.size(), batch.size()));
    for (std::size_t k = 0; k < batch.size(); ++k) {
      if (encoder_) {
        auto tensors = encoder_(images[k], batch[k].prompt);
        io::save_safetensors(dir_ / "latents" / (batch[k].id + ".safetensors"), tensors);
      }
      const auto rel = image_rel_path(batch[k].id);
      io::save_png(dir_ / rel, images[k]);  // the image last: its presence means the item is done
      manifest.items[rows[k]]["image"] = rel;
    }
    write_manifest_lines(status_.manifest, manifest);
    generated += static_cast<int64_t>(batch.size());
    status_.done += static_cast<int64_t>(batch.size());
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    status_.images_per_second = elapsed > 0 ? generated / elapsed : 0;
    progress.step(status_.done);
    const double eta = status_.images_per_second > 0 ? (status_.total - status_.done) / status_.images_per_second : -1;
    callbacks.emit_log(fmt::format("{}/{} images, {:.2f} img/s, ETA {:.0f} s", status_.done, status_.total,
                                   status_.images_per_second, eta));
    if (!images.empty()) {
      PreviewImage preview{images.back().width, images.back().height, images.back().rgb};
      callbacks.emit_preview(preview);
    }
  }
  write_file_atomic(dir_ / "complete.json",
                    nlohmann::json{{"count", status_.total}, {"key", params_.key.to_json()}}.dump(2) + "\n");
}

}  // namespace olis::jobs
