#include "core/io/safetensors.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/io/weights_format.h"
#include "core/util/atomic_file.h"
#include "tests/support/fixtures.h"

namespace {

namespace fs = std::filesystem;
using olis::io::TensorMap;

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string le64(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  return s;
}

// A file made of an explicit header text and `data_bytes` zero bytes of data.
std::string make_file(const std::string& header, std::size_t data_bytes) {
  return le64(header.size()) + header + std::string(data_bytes, '\0');
}

class MalformedSafetensors : public ::testing::Test {
 protected:
  fs::path dir = olis::test::temp_dir("st_malformed");
  // Writes the bytes, opens, and returns the error message (fails the test if it opened).
  std::string open_error(const std::string& bytes, const std::string& name = "bad.safetensors") {
    auto p = dir / name;
    write_bytes(p, bytes);
    auto f = olis::io::SafetensorsFile::open(p);
    EXPECT_FALSE(f) << "opened a malformed file";
    if (f) return "";
    std::string msg = f.error().what();
    EXPECT_NE(msg.find(name), std::string::npos) << "message does not name the file: " << msg;
    return msg;
  }
};

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << haystack

TEST_F(MalformedSafetensors, EmptyFile) { EXPECT_CONTAINS(open_error(""), "too short"); }
TEST_F(MalformedSafetensors, ShorterThanLengthField) { EXPECT_CONTAINS(open_error("abc"), "too short"); }
TEST_F(MalformedSafetensors, HeaderLengthOverLimit) {
  EXPECT_CONTAINS(open_error(le64(1ull << 40) + "{}"), "more than the");
}
TEST_F(MalformedSafetensors, HeaderRunsPastEnd) { EXPECT_CONTAINS(open_error(le64(500) + "{}"), "truncated"); }
TEST_F(MalformedSafetensors, HeaderNotJsonObject) {
  EXPECT_CONTAINS(open_error(make_file("[1,2,3] ", 0)), "not a safetensors file");
}
TEST_F(MalformedSafetensors, InvalidJson) {
  EXPECT_CONTAINS(open_error(make_file("{\"a\": {\"dtype\": \"F32\",, }", 0)), "not valid JSON");
}
TEST_F(MalformedSafetensors, DuplicateTensorName) {
  auto h = R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
  auto msg = open_error(make_file(h, 8));
  EXPECT_CONTAINS(msg, "'w' appears twice");
}
TEST_F(MalformedSafetensors, MissingDtype) {
  auto msg = open_error(make_file(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", 4));
  EXPECT_CONTAINS(msg, "tensor 'w'");
  EXPECT_CONTAINS(msg, "'dtype' is missing");
}
TEST_F(MalformedSafetensors, UnsupportedDtype) {
  auto msg = open_error(make_file(R"({"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}})", 1));
  EXPECT_CONTAINS(msg, "dtype 'F8_E4M3' is not supported");
}
TEST_F(MalformedSafetensors, ShapeNotAList) {
  EXPECT_CONTAINS(open_error(make_file(R"({"w":{"dtype":"F32","shape":4,"data_offsets":[0,16]}})", 16)),
                  "'shape' is missing or not a list");
}
TEST_F(MalformedSafetensors, NegativeDimension) {
  EXPECT_CONTAINS(open_error(make_file(R"({"w":{"dtype":"F32","shape":[-1,4],"data_offsets":[0,16]}})", 16)),
                  "not a non-negative integer");
}
TEST_F(MalformedSafetensors, ShapeOverflow) {
  auto h = R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]}})";
  EXPECT_CONTAINS(open_error(make_file(h, 16)), "too large");
}
TEST_F(MalformedSafetensors, TooManyDimensions) {
  auto h = R"({"w":{"dtype":"U8","shape":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"data_offsets":[0,1]}})";
  EXPECT_CONTAINS(open_error(make_file(h, 1)), "dimensions, more than the");
}
TEST_F(MalformedSafetensors, OffsetsNotAPair) {
  EXPECT_CONTAINS(open_error(make_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4)),
                  "not a list of two offsets");
}
TEST_F(MalformedSafetensors, OffsetsReversed) {
  EXPECT_CONTAINS(open_error(make_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", 8)),
                  "end before they begin");
}
TEST_F(MalformedSafetensors, DataTruncated) {
  auto msg = open_error(make_file(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8));
  EXPECT_CONTAINS(msg, "run past the end of the data section (8 bytes)");
}
TEST_F(MalformedSafetensors, SizeMismatch) {
  auto msg = open_error(make_file(R"({"w":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}})", 8));
  EXPECT_CONTAINS(msg, "needs 6 bytes but data_offsets [0, 8] span 8 bytes");
}
TEST_F(MalformedSafetensors, OverlappingTensors) {
  auto h = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
  auto msg = open_error(make_file(h, 12));
  EXPECT_CONTAINS(msg, "tensors 'a' and 'b' overlap");
}
// The data section must be fully indexed (the reference implementation's rule): no bytes before the first
// tensor, between tensors or after the last one, where another file could hide.
TEST_F(MalformedSafetensors, HoleBetweenTensors) {
  auto h = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})";
  auto msg = open_error(make_file(h, 12));
  EXPECT_CONTAINS(msg, "bytes [4, 8) of the data section belong to no tensor");
  EXPECT_CONTAINS(msg, "'b'");
}
TEST_F(MalformedSafetensors, HoleBeforeTheFirstTensor) {
  auto msg = open_error(make_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8));
  EXPECT_CONTAINS(msg, "bytes [0, 4) of the data section belong to no tensor");
}
TEST_F(MalformedSafetensors, BytesAfterTheLastTensor) {
  // The reference implementation's polyglot example: a valid tensor followed by other content.
  auto msg = open_error(make_file(R"({"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}})", 16) +
                        "extra_bogus_data_for_polyglot_file");
  EXPECT_CONTAINS(msg, "the last 34 bytes of the data section (bytes [16, 50)) belong to no tensor");
  EXPECT_CONTAINS(open_error(make_file("{}", 3)), "the last 3 bytes");
}
TEST_F(MalformedSafetensors, EmptyTensorInsideAnother) {
  auto h = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}})";
  EXPECT_CONTAINS(open_error(make_file(h, 8)), "tensors 'a' and 'e' overlap");
}
TEST(Safetensors, FullyIndexedFilesOpenInAnyHeaderOrder) {
  auto dir = olis::test::temp_dir("st_indexed");
  // Header order differs from offset order; an empty tensor sits between two others.
  auto h = R"({"z":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[2,2]},)"
           R"("a":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}})";
  write_bytes(dir / "ok.safetensors", make_file(h, 3));
  auto f = olis::io::SafetensorsFile::open(dir / "ok.safetensors");
  ASSERT_TRUE(f) << f.error().what();
  EXPECT_EQ((*f)->tensors().size(), 3u);
  write_bytes(dir / "empty.safetensors", make_file("{}", 0));
  EXPECT_TRUE(olis::io::SafetensorsFile::open(dir / "empty.safetensors"));
}

TEST_F(MalformedSafetensors, MetadataNotStrings) {
  EXPECT_CONTAINS(open_error(make_file(R"({"__metadata__":{"step":5}})", 0)), "__metadata__ entry 'step' is not a string");
}
TEST_F(MalformedSafetensors, EntryNotAnObject) {
  EXPECT_CONTAINS(open_error(make_file(R"({"w":[1,2]})", 0)), "tensor 'w': its header entry is not a JSON object");
}
TEST_F(MalformedSafetensors, OffsetsNotIntegers) {
  EXPECT_CONTAINS(open_error(make_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0.5,4]}})", 4)),
                  "are not non-negative integers");
}

TEST(Safetensors, EveryDtypeRoundTrips) {
  auto dir = olis::test::temp_dir("st_dtypes");
  TensorMap m;
  m["f64"] = torch::randn({3, 2}, torch::kFloat64);
  m["f32"] = torch::randn({2, 3}, torch::kFloat32);
  m["f16"] = torch::randn({5}, torch::kFloat32).to(torch::kHalf);
  m["bf16"] = torch::randn({4, 1}, torch::kFloat32).to(torch::kBFloat16);
  m["i64"] = torch::arange(-3, 3, torch::kInt64);
  m["i32"] = torch::arange(-2, 7, torch::kInt32);
  m["i16"] = torch::arange(-5, 5, torch::kInt16);
  m["i8"] = torch::arange(-8, 8, torch::kInt8);
  m["u8"] = torch::arange(0, 255, torch::kUInt8);
  m["bool"] = torch::tensor({true, false, true});
  m["scalar"] = torch::tensor(2.5);
  m["empty"] = torch::zeros({0, 4});
  olis::io::save_safetensors(dir / "all.safetensors", m, {{{"format", "pt"}, {"note", "olis"}}});
  auto f = olis::io::SafetensorsFile::open(dir / "all.safetensors");
  ASSERT_TRUE(f) << f.error().what();
  EXPECT_EQ((*f)->metadata().at("note"), "olis");
  ASSERT_EQ((*f)->tensors().size(), m.size());
  for (const auto& [k, t] : m) {
    auto back = (*f)->tensor(k);
    EXPECT_EQ(back.scalar_type(), t.scalar_type()) << k;
    EXPECT_EQ(back.sizes(), t.sizes()) << k;
    EXPECT_TRUE(torch::equal(back, t)) << k;
  }
}

TEST(Safetensors, ViewsOutliveFileAndNeverWriteBack) {
  auto dir = olis::test::temp_dir("st_lifetime");
  olis::io::save_safetensors(dir / "w.safetensors", {{"w", torch::ones({1000})}});
  torch::Tensor view;
  {
    auto f = olis::io::SafetensorsFile::open(dir / "w.safetensors");
    ASSERT_TRUE(f);
    view = (*f)->tensor("w");
    EXPECT_EQ(view.data_ptr(), (*f)->tensor("w").data_ptr()) << "not zero-copy";
  }
  EXPECT_FLOAT_EQ(view.sum().item<float>(), 1000.f);  // mapping still alive
  view.mul_(3);                                        // copy-on-write
  auto again = olis::io::load_safetensors(dir / "w.safetensors");
  ASSERT_TRUE(again);
  EXPECT_FLOAT_EQ(again->at("w").sum().item<float>(), 1000.f);
}

TEST(Safetensors, ShardedIndexLoadsEveryShard) {
  auto dir = olis::test::temp_dir("st_sharded");
  olis::io::save_safetensors(dir / "model-00001-of-00002.safetensors", {{"a", torch::ones({2})}});
  olis::io::save_safetensors(dir / "model-00002-of-00002.safetensors", {{"b", torch::zeros({3})}});
  nlohmann::json idx = {{"metadata", {{"total_size", 20}}},
                        {"weight_map",
                         {{"a", "model-00001-of-00002.safetensors"}, {"b", "model-00002-of-00002.safetensors"}}}};
  olis::write_file_atomic(dir / "model.safetensors.index.json", idx.dump());
  auto m = olis::io::load_safetensors(dir / "model.safetensors.index.json");
  ASSERT_TRUE(m) << m.error().what();
  EXPECT_EQ(m->size(), 2u);
  EXPECT_EQ(m->at("b").numel(), 3);

  idx["weight_map"]["c"] = "model-00002-of-00002.safetensors";
  olis::write_file_atomic(dir / "model.safetensors.index.json", idx.dump());
  auto bad = olis::io::load_safetensors(dir / "model.safetensors.index.json");
  ASSERT_FALSE(bad);
  EXPECT_CONTAINS(bad.error().what(), "lists tensor 'c'");
}

TEST(Safetensors, ReadsReferenceFixtureFiles) {
  OLIS_REQUIRE_FIXTURES(dirs, "unet_", "case.safetensors");
  for (const auto& d : dirs) {
    auto f = olis::io::SafetensorsFile::open(d / "case.safetensors");
    ASSERT_TRUE(f) << f.error().what();
    EXPECT_FALSE((*f)->tensors().empty());
    EXPECT_EQ((*f)->metadata().count("format"), 1u);
  }
}

// Every safetensors file of the reference fixtures (written by the Python reference library) passes the
// header checks, the fully-indexed rule included.
TEST(Safetensors, OpensEveryFixtureFile) {
  OLIS_REQUIRE_FIXTURES(dirs, "", "");
  int opened = 0;
  for (const auto& e : fs::recursive_directory_iterator(olis::test::fixtures_root(),
                                                        fs::directory_options::follow_directory_symlink)) {
    if (!e.is_regular_file() || e.path().extension() != ".safetensors") continue;
    auto f = olis::io::SafetensorsFile::open(e.path());
    EXPECT_TRUE(f) << f.error().what();
    ++opened;
  }
  EXPECT_GT(opened, 0);
}

TEST(Safetensors, WriterRejectsReservedName) {
  auto dir = olis::test::temp_dir("st_reserved");
  EXPECT_THROW(olis::io::save_safetensors(dir / "x.safetensors", {{"__metadata__", torch::ones({1})}}), olis::Error);
  EXPECT_FALSE(fs::exists(dir / "x.safetensors"));
}

TEST(AtomicWrite, CrashBeforeRenameKeepsOldFileAndLeavesNoTemp) {
  auto dir = olis::test::temp_dir("atomic");
  olis::io::save_safetensors(dir / "w.safetensors", {{"w", torch::ones({4})}});
  olis::AtomicFileWriter::set_fail_before_rename_for_testing(true);
  EXPECT_THROW(olis::io::save_safetensors(dir / "w.safetensors", {{"w", torch::zeros({8})}}), olis::Error);
  olis::AtomicFileWriter::set_fail_before_rename_for_testing(false);
  auto m = olis::io::load_safetensors(dir / "w.safetensors");
  ASSERT_TRUE(m) << m.error().what();
  EXPECT_EQ(m->at("w").numel(), 4);
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) (void)e, ++files;
  EXPECT_EQ(files, 1) << "temporary file left behind";
}

TEST(WeightsFormat, PickleCheckpointsAreRefusedWithExplanation) {
  auto dir = olis::test::temp_dir("pickle");
  write_bytes(dir / "model.ckpt", std::string("PK\x03\x04", 4) + "archive/data.pkl");
  write_bytes(dir / "weights.dat", std::string("\x80\x02}q\x00.", 6));
  for (const char* n : {"model.ckpt", "weights.dat"}) {
    auto r = olis::io::check_weights_file(dir / n);
    ASSERT_FALSE(r) << n;
    EXPECT_CONTAINS(r.error().what(), "arbitrary code");
    EXPECT_CONTAINS(r.error().what(), ".safetensors");
    EXPECT_CONTAINS(r.error().what(), n);
  }
}

}  // namespace
