#include "core/jobs/regset_cache.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "core/jobs/content_hash.h"
#include "core/util/atomic_file.h"

namespace olis::jobs {

namespace fs = std::filesystem;

nlohmann::json RegSetKey::to_json() const {
  // std::map-backed nlohmann::json: keys are sorted, so dump() is canonical. Doubles are written with
  // the shortest text that reads back the same value.
  return nlohmann::json{{"prior", prior},
                        {"model_hash", model_hash},
                        {"precision", precision},
                        {"tokenizer_hash", tokenizer_hash},
                        {"sampler", sampler},
                        {"steps", steps},
                        {"guidance", guidance},
                        {"width_px", width_px},
                        {"height_px", height_px},
                        {"negative_prompt", negative_prompt},
                        {"class_noun", class_noun},
                        {"specific_class", specific_class},
                        {"kind", kind},
                        {"pool_version", pool_version},
                        {"seed", std::to_string(seed)}};
}

Expected<RegSetKey> RegSetKey::from_json(const nlohmann::json& j, const std::string& label) {
  try {
    RegSetKey k;
    k.prior = j.at("prior").get<std::string>();
    k.model_hash = j.at("model_hash").get<std::string>();
    k.precision = j.at("precision").get<std::string>();
    k.tokenizer_hash = j.at("tokenizer_hash").get<std::string>();
    k.sampler = j.at("sampler").get<std::string>();
    k.steps = j.at("steps").get<int>();
    k.guidance = j.at("guidance").get<double>();
    k.width_px = j.at("width_px").get<int>();
    k.height_px = j.at("height_px").get<int>();
    k.negative_prompt = j.at("negative_prompt").get<std::string>();
    k.class_noun = j.at("class_noun").get<std::string>();
    k.specific_class = j.at("specific_class").get<std::string>();
    k.kind = j.at("kind").get<std::string>();
    k.pool_version = j.at("pool_version").get<std::string>();
    k.seed = std::stoull(j.at("seed").get<std::string>());
    return k;
  } catch (const std::exception& e) {
    return fail(label + ": not a regularization-set key (" + e.what() + ")");
  }
}

std::string RegSetKey::digest() const { return sha256_hex(to_json().dump()); }

std::string regset_image_name(const std::string& prompt, uint64_t seed) {
  return sha256_hex(prompt + '\n' + std::to_string(seed)).substr(0, 32) + ".png";
}

fs::path default_regset_cache_root() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "olis" / "regsets";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local" / "share" / "olis" / "regsets";
  return fs::temp_directory_path() / "olis" / "regsets";
}

fs::path regset_dir(const fs::path& cache_root, const RegSetKey& key) { return cache_root / key.digest(); }

namespace {

// Adds name, size and (for safetensors) the header bytes of one file.
Expected<void> hash_file_identity(Sha256& h, const fs::path& file, const fs::path& base) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return fail(file.string() + ": cannot read the file size (" + ec.message() + ")");
  h.update(fs::relative(file, base, ec).generic_string());
  h.update(std::to_string(size));
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(file.string() + ": cannot be opened");
  const auto ext = file.extension().string();
  if (ext == ".safetensors") {
    uint8_t len_bytes[8] = {};
    in.read(reinterpret_cast<char*>(len_bytes), 8);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | len_bytes[i];
    n = std::min<uint64_t>(n, 100u << 20);
    std::string header(static_cast<std::size_t>(n), '\0');
    in.read(header.data(), static_cast<std::streamsize>(n));
    h.update(header);
  } else if (ext == ".json" || ext == ".txt") {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    h.update(text);
  }
  return {};
}

}  // namespace

Expected<std::string> model_fingerprint(const fs::path& model_path) {
  std::error_code ec;
  Sha256 h;
  if (fs::is_regular_file(model_path, ec)) {
    auto r = hash_file_identity(h, model_path, model_path.parent_path());
    if (!r) return tl::unexpected(r.error());
    return h.hex_digest();
  }
  if (!fs::is_directory(model_path, ec)) return fail(model_path.string() + ": no such model file or folder");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(model_path, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    const auto ext = it->path().extension().string();
    if (ext == ".safetensors" || ext == ".json") files.push_back(it->path());
  }
  if (files.empty()) return fail(model_path.string() + ": the folder holds no .safetensors or .json files");
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto r = hash_file_identity(h, f, model_path);
    if (!r) return tl::unexpected(r.error());
  }
  return h.hex_digest();
}

}  // namespace olis::jobs

namespace olis::jobs {

Expected<std::string> tokenizer_fingerprint(const fs::path& vocab_dir) {
  Sha256 h;
  for (const char* name : {"vocab.json", "merges.txt"}) {
    auto text = read_text_file(vocab_dir / name);
    if (!text) return fail(vocab_dir.string() + ": cannot read " + name + " (" + text.error().message() + ")");
    h.update(name);
    h.update(*text);
  }
  return h.hex_digest();
}

}  // namespace olis::jobs
