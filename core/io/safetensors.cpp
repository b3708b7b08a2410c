#include "core/io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/io/weights_format.h"
#include "core/util/atomic_file.h"

namespace olis::io {

using nlohmann::json;

struct SafetensorsFile::Mapping {
  void* base = nullptr;
  std::size_t size = 0;
  ~Mapping() {
    if (base && base != MAP_FAILED) ::munmap(base, size);
  }
};

SafetensorsFile::~SafetensorsFile() = default;

Expected<std::shared_ptr<SafetensorsFile>> SafetensorsFile::open(const std::filesystem::path& path,
                                                                 const HeaderLimits& limits) {
  const std::string label = path.string();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return fail(fmt::format("{}: file not found", label));
    return fail(fmt::format("{}: cannot open: {}", label, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(fmt::format("{}: not a regular file", label));
  }
  const auto file_size = static_cast<uint64_t>(st.st_size);
  if (file_size < 8) {
    ::close(fd);
    uint8_t dummy[8] = {0};
    if (has_pickle_extension(path)) return fail(pickle_refusal_message(path));
    auto r = parse_safetensors_header(dummy, 0, file_size, label, limits);
    return fail(r ? label + ": too short" : r.error().message());
  }
  auto map = std::make_shared<Mapping>();
  map->size = file_size;
  // MAP_PRIVATE + PROT_WRITE: copy-on-write, so a tensor modified in place never writes to the file.
  map->base = ::mmap(nullptr, file_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map->base == MAP_FAILED) {
    map->base = nullptr;
    return fail(fmt::format("{}: cannot memory-map: {}", label, std::strerror(errno)));
  }
  auto header = parse_safetensors_header(static_cast<const uint8_t*>(map->base), file_size, file_size, label, limits);
  if (!header) {
    // A pickle checkpoint where safetensors were expected (a LoRA, a metric model, ...): its first bytes read as
    // an absurd header length, so say what the file is and why Olis refuses it instead.
    if (starts_like_pickle(static_cast<const unsigned char*>(map->base), 8) || has_pickle_extension(path))
      return fail(pickle_refusal_message(path));
    return tl::unexpected(header.error());
  }
  std::shared_ptr<SafetensorsFile> f(new SafetensorsFile());
  f->path_ = path;
  f->header_ = std::move(*header);
  f->map_ = std::move(map);
  return f;
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
  auto it = std::lower_bound(header_.tensors.begin(), header_.tensors.end(), name,
                             [](const TensorInfo& t, std::string_view n) { return t.name < n; });
  if (it != header_.tensors.end() && it->name == name) return &*it;
  return nullptr;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  out.reserve(header_.tensors.size());
  for (const auto& t : header_.tensors) out.push_back(t.name);
  return out;
}

torch::Tensor SafetensorsFile::tensor(std::string_view name) const {
  const TensorInfo* info = find(name);
  if (!info) throw Error(fmt::format("{}: there is no tensor named '{}'", path_.string(), name));
  auto opts = torch::TensorOptions().dtype(to_torch(info->dtype));
  if (info->end == info->begin) return torch::empty(info->shape, opts);
  auto* ptr = static_cast<uint8_t*>(map_->base) + header_.data_offset + info->begin;
  if (reinterpret_cast<uintptr_t>(ptr) % dtype_size(info->dtype) != 0) {
    auto t = torch::empty(info->shape, opts);
    std::memcpy(t.data_ptr(), ptr, info->end - info->begin);
    return t;
  }
  auto keep = map_;
  return torch::from_blob(ptr, info->shape, [keep](void*) {}, opts);
}

namespace {

bool is_index_file(const std::filesystem::path& p) {
  auto s = p.filename().string();
  return s.size() > 11 && s.compare(s.size() - 11, 11, ".index.json") == 0;
}

// Reads an index's weight_map: tensor name -> shard file.
Expected<std::map<std::string, std::filesystem::path>> read_index(const std::filesystem::path& index) {
  auto text = read_text_file(index, 64u << 20);
  if (!text) return tl::unexpected(text.error());
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(fmt::format("{}: not valid JSON", index.string()));
  auto wm = j.find("weight_map");
  if (wm == j.end() || !wm->is_object())
    return fail(fmt::format("{}: has no 'weight_map' object naming each tensor's shard", index.string()));
  std::map<std::string, std::filesystem::path> out;
  for (auto it = wm->begin(); it != wm->end(); ++it) {
    if (!it.value().is_string())
      return fail(fmt::format("{}: weight_map entry '{}' is not a file name", index.string(), it.key()));
    auto shard = std::filesystem::path(it.value().get<std::string>());
    if (shard.is_absolute() || shard.string().find("..") != std::string::npos)
      return fail(fmt::format("{}: weight_map entry '{}' points outside the folder ({})", index.string(), it.key(),
                              shard.string()));
    out[it.key()] = index.parent_path() / shard;
  }
  return out;
}

}  // namespace

Expected<TensorMap> load_safetensors(const std::filesystem::path& file_or_index) {
  TensorMap out;
  if (!is_index_file(file_or_index)) {
    auto f = SafetensorsFile::open(file_or_index);
    if (!f) return tl::unexpected(f.error());
    for (const auto& t : (*f)->tensors()) out.emplace(t.name, (*f)->tensor(t.name));
    return out;
  }
  auto wm = read_index(file_or_index);
  if (!wm) return tl::unexpected(wm.error());
  std::map<std::filesystem::path, std::shared_ptr<SafetensorsFile>> shards;
  for (const auto& [name, shard] : *wm) {
    auto& f = shards[shard];
    if (!f) {
      auto opened = SafetensorsFile::open(shard);
      if (!opened) return tl::unexpected(opened.error());
      f = *opened;
    }
    if (!f->contains(name))
      return fail(fmt::format("{}: lists tensor '{}' in {}, but that shard does not hold it",
                              file_or_index.string(), name, shard.filename().string()));
    out.emplace(name, f->tensor(name));
  }
  return out;
}

Expected<std::vector<TensorInfo>> read_safetensors_infos(const std::filesystem::path& file_or_index) {
  std::vector<TensorInfo> out;
  if (!is_index_file(file_or_index)) {
    auto f = SafetensorsFile::open(file_or_index);
    if (!f) return tl::unexpected(f.error());
    return (*f)->tensors();
  }
  auto wm = read_index(file_or_index);
  if (!wm) return tl::unexpected(wm.error());
  std::set<std::filesystem::path> files;
  for (const auto& kv : *wm) files.insert(kv.second);
  for (const auto& shard : files) {
    auto f = SafetensorsFile::open(shard);
    if (!f) return tl::unexpected(f.error());
    for (const auto& t : (*f)->tensors()) out.push_back(t);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void save_safetensors(const std::filesystem::path& path, const TensorMap& tensors, const WriteOptions& options) {
  json header = json::object();
  if (!options.metadata.empty()) {
    json meta = json::object();
    for (const auto& [k, v] : options.metadata) meta[k] = v;
    header["__metadata__"] = meta;
  }
  std::vector<torch::Tensor> blobs;
  blobs.reserve(tensors.size());
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name == "__metadata__") throw Error(fmt::format("{}: '__metadata__' cannot be a tensor name", path.string()));
    auto dtype = from_torch(t.scalar_type());
    if (!dtype)
      throw Error(fmt::format("{}: tensor '{}' has dtype {}, which safetensors cannot store", path.string(), name,
                              c10::toString(t.scalar_type())));
    auto c = t.detach().to(torch::kCPU).contiguous();
    uint64_t nbytes = static_cast<uint64_t>(c.numel()) * dtype_size(*dtype);
    header[name] = {{"dtype", std::string(dtype_name(*dtype))},
                    {"shape", c.sizes().vec()},
                    {"data_offsets", {offset, offset + nbytes}}};
    offset += nbytes;
    blobs.push_back(std::move(c));
  }
  std::string h = header.dump();
  while ((8 + h.size()) % 8 != 0) h.push_back(' ');
  uint8_t len[8];
  uint64_t n = h.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>((n >> (8 * i)) & 0xff);

  AtomicFileWriter w(path);
  w.write(len, 8);
  w.write(h);
  for (const auto& c : blobs)
    if (c.numel() > 0) w.write(c.data_ptr(), static_cast<std::size_t>(c.numel()) * c.element_size());
  w.commit();
}

}  // namespace olis::io
