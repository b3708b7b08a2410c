#include "core/io/safetensors_header.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace olis::io {

using nlohmann::json;

int64_t TensorInfo::numel() const {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

namespace {

static_assert(sizeof(void*) == 8, "Olis needs a 64-bit platform");

uint64_t read_le64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::string supported_dtypes() { return "F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL"; }

// Reads a non-negative JSON integer; nullopt for anything else (negative, float, string, ...).
std::optional<uint64_t> as_u64(const json& v) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer()) {
    auto s = v.get<int64_t>();
    if (s >= 0) return static_cast<uint64_t>(s);
  }
  return std::nullopt;
}

}  // namespace

Expected<SafetensorsHeader> parse_safetensors_header(const uint8_t* data, std::size_t available, uint64_t file_size,
                                                     const std::string& label, const HeaderLimits& limits) {
  if (file_size < 8 || available < 8)
    return fail(fmt::format("{}: the file is {} bytes long, too short for a safetensors file (it needs at least an "
                            "8-byte header length)",
                            label, file_size));
  const uint64_t n = read_le64(data);
  if (n > limits.max_header_bytes)
    return fail(fmt::format("{}: the header claims {} bytes, more than the {} bytes allowed; the file is damaged or "
                            "not a safetensors file",
                            label, n, limits.max_header_bytes));
  if (n < 2) return fail(fmt::format("{}: the header length is {} bytes, too small to hold a JSON object", label, n));
  if (n > file_size - 8 || n > available - 8)
    return fail(fmt::format("{}: the header claims {} bytes but only {} bytes follow the length field; the file is "
                            "truncated",
                            label, n, file_size - 8));
  const char* h = reinterpret_cast<const char*>(data + 8);
  if (h[0] != '{')
    return fail(fmt::format("{}: the header does not start with '{{'; this is not a safetensors file", label));

  std::set<std::string> seen;
  std::string duplicate;
  json::parser_callback_t cb = [&](int depth, json::parse_event_t event, json& parsed) {
    if (depth == 1 && event == json::parse_event_t::key && parsed.is_string()) {
      auto key = parsed.get<std::string>();
      if (!seen.insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  json j;
  try {
    j = json::parse(h, h + n, cb);
  } catch (const json::exception& e) {
    return fail(fmt::format("{}: the header is not valid JSON: {}", label, e.what()));
  }
  if (!duplicate.empty()) return fail(fmt::format("{}: tensor '{}' appears twice in the header", label, duplicate));
  if (!j.is_object()) return fail(fmt::format("{}: the header is not a JSON object", label));
  if (j.size() > limits.max_tensors + 1)
    return fail(fmt::format("{}: the header lists {} tensors, more than the {} allowed", label, j.size(),
                            limits.max_tensors));

  SafetensorsHeader out;
  out.data_offset = 8 + n;
  const uint64_t data_size = file_size - 8 - n;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& name = it.key();
    const json& v = it.value();
    if (name == "__metadata__") {
      if (!v.is_object()) return fail(fmt::format("{}: __metadata__ is not a JSON object", label));
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string())
          return fail(fmt::format("{}: __metadata__ entry '{}' is not a string", label, m.key()));
        out.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    auto where = fmt::format("{}: tensor '{}'", label, name);
    if (!v.is_object()) return fail(fmt::format("{}: its header entry is not a JSON object", where));
    TensorInfo info;
    info.name = name;
    auto dt = v.find("dtype");
    if (dt == v.end() || !dt->is_string()) return fail(fmt::format("{}: 'dtype' is missing or not a string", where));
    auto dtype = dtype_from_name(dt->get<std::string>());
    if (!dtype)
      return fail(fmt::format("{}: dtype '{}' is not supported (supported: {})", where, dt->get<std::string>(),
                              supported_dtypes()));
    info.dtype = *dtype;

    auto sh = v.find("shape");
    if (sh == v.end() || !sh->is_array()) return fail(fmt::format("{}: 'shape' is missing or not a list", where));
    if (sh->size() > limits.max_rank)
      return fail(fmt::format("{}: shape has {} dimensions, more than the {} allowed", where, sh->size(),
                              limits.max_rank));
    uint64_t numel = 1;
    for (const auto& d : *sh) {
      auto dim = as_u64(d);
      if (!dim) return fail(fmt::format("{}: shape {} has an entry that is not a non-negative integer", where,
                                        sh->dump()));
      if (*dim > (1ull << 62) || __builtin_mul_overflow(numel, *dim, &numel) || numel > (1ull << 62))
        return fail(fmt::format("{}: shape {} is too large (element count overflows)", where, sh->dump()));
      info.shape.push_back(static_cast<int64_t>(*dim));
    }
    uint64_t nbytes = 0;
    if (__builtin_mul_overflow(numel, static_cast<uint64_t>(dtype_size(info.dtype)), &nbytes))
      return fail(fmt::format("{}: shape {} is too large (byte count overflows)", where, sh->dump()));

    auto off = v.find("data_offsets");
    if (off == v.end() || !off->is_array() || off->size() != 2)
      return fail(fmt::format("{}: 'data_offsets' is missing or not a list of two offsets", where));
    auto b = as_u64((*off)[0]);
    auto e = as_u64((*off)[1]);
    if (!b || !e) return fail(fmt::format("{}: data_offsets {} are not non-negative integers", where, off->dump()));
    if (*b > *e) return fail(fmt::format("{}: data_offsets [{}, {}] end before they begin", where, *b, *e));
    if (*e > data_size)
      return fail(fmt::format("{}: data_offsets [{}, {}] run past the end of the data section ({} bytes); the file "
                              "is truncated or damaged",
                              where, *b, *e, data_size));
    if (*e - *b != nbytes)
      return fail(fmt::format("{}: shape {} of {} needs {} bytes but data_offsets [{}, {}] span {} bytes", where,
                              sh->dump(), dtype_name(info.dtype), nbytes, *b, *e, *e - *b));
    info.begin = *b;
    info.end = *e;
    out.tensors.push_back(std::move(info));
  }

  // The data section must be fully indexed, as the reference implementation requires (safetensors
  // tensor.rs, Metadata::validate + MetadataIncompleteBuffer): sorted by (begin, end), each tensor starts
  // where the previous one ends, the first at 0, the last at the end of the file. Unindexed bytes could
  // carry another file (a polyglot), so they are refused.
  std::vector<const TensorInfo*> by_offset;
  for (const auto& t : out.tensors) by_offset.push_back(&t);
  std::sort(by_offset.begin(), by_offset.end(),
            [](auto* a, auto* b) { return std::tie(a->begin, a->end) < std::tie(b->begin, b->end); });
  uint64_t covered = 0;
  const TensorInfo* previous = nullptr;
  for (const TensorInfo* t : by_offset) {
    if (t->begin < covered)
      return fail(fmt::format("{}: tensors '{}' and '{}' overlap (bytes [{}, {}) and [{}, {}))", label, previous->name,
                              t->name, previous->begin, previous->end, t->begin, t->end));
    if (t->begin > covered)
      return fail(fmt::format("{}: bytes [{}, {}) of the data section belong to no tensor (a hole before tensor '{}'); "
                              "a safetensors file must index all of its data, so the file is damaged or hides "
                              "other content",
                              label, covered, t->begin, t->name));
    covered = t->end;
    previous = t;
  }
  if (covered != data_size)
    return fail(fmt::format("{}: the last {} bytes of the data section (bytes [{}, {})) belong to no tensor; a "
                            "safetensors file must index all of its data, so the file is damaged or hides other "
                            "content",
                            label, data_size - covered, covered, data_size));
  std::sort(out.tensors.begin(), out.tensors.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace olis::io
