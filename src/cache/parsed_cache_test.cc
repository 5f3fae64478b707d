// Large files are cached as their parse results (CapturedFile::parsed): the warm path must give exactly what
// parsing the bytes gives, keep bytes wherever a parse needs other files, and treat damage as a miss.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "cache/layer_cache.h"
#include "cache/layer_codec.h"
#include "cache/parsed_codec.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

namespace fs = std::filesystem;

const Cataloger& CatalogerNamed(std::string_view name) {
  for (const Cataloger* c : PackageCatalogers()) {
    if (c->Name() == name) return *c;
  }
  ADD_FAILURE() << "no cataloger " << name;
  return *PackageCatalogers().front();
}

// A real 884 KB JAR (trivy's jar parser fixture) and a requirements file just as large.
constexpr std::string_view kJarPath = "app/lib/gizmo-1.1.jar";
constexpr std::string_view kRequirementsPath = "app/requirements.txt";

LayerFiles LayerWithLargeFiles() {
  LayerFiles files;
  files.files[std::string(kJarPath)] = {CapturedFile::Kind::kRegular,
      TestData("aquasecurity+trivy/pkg/dependency/parser/java/jar/testdata/io.quarkus.gizmo.gizmo-1.1.jar")};
  std::string requirements = "-r base.txt\nflask==2.0.1\n" + std::string(kCacheParsedAboveBytes, '#') + "\n";
  files.files[std::string(kRequirementsPath)] = {CapturedFile::Kind::kRegular, requirements};
  files.files["app/base.txt"] = {CapturedFile::Kind::kRegular, "werkzeug==2.0.1\n"};
  return files;
}

class ParsedCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / fmt::format("drydock-parsed-cache-{}-{}", ::getpid(),
        ::testing::UnitTest::GetInstance()->current_test_info()->name())).string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ParsedCacheTest, LargeJarIsCachedAsWhatTheJavaCatalogerParsed) {
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache) << cache.error().message;
  const LayerFiles files = LayerWithLargeFiles();
  ASSERT_TRUE(StoreCachedLayer(**cache, "sha256:l1", files));
  auto loaded = LoadCachedLayer(**cache, "sha256:l1");
  ASSERT_TRUE(loaded);

  const CapturedFile& jar = loaded->files.at(std::string(kJarPath));
  EXPECT_TRUE(jar.bytes_dropped);
  EXPECT_TRUE(jar.data.empty());
  ASSERT_TRUE(jar.parsed.contains("java"));
  auto decoded = DecodeParsedPackages(jar.parsed.at("java"));
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_TRUE(*decoded) << decoded->error().message;
  auto direct = CatalogerNamed("java").Parse(kJarPath, files.files.at(std::string(kJarPath)).data);
  ASSERT_TRUE(direct) << direct.error().message;
  ASSERT_FALSE(direct->packages.empty());
  EXPECT_EQ((*decoded)->packages, direct->packages);
  EXPECT_EQ((*decoded)->skipped, direct->skipped);

  // A requirements file includes others (-r): its result depends on them, so the python part keeps its bytes.
  // The Go and Rust binary catalogers also look at files directly in app/, and they parse it alone: the joined
  // file has the python part's bytes and their parse results.
  const CapturedFile& requirements = loaded->files.at(std::string(kRequirementsPath));
  EXPECT_FALSE(requirements.bytes_dropped);
  EXPECT_EQ(requirements.data, files.files.at(std::string(kRequirementsPath)).data);
  EXPECT_FALSE(requirements.parsed.contains("python"));
  EXPECT_TRUE(requirements.parsed.contains("gobinary"));
  EXPECT_LT((*cache)->TotalBytes(), 300'000u) << "the JAR's 884 KB should not be stored";
}

// A scan parses each large file once, on the layer's thread: the result rides on the file (bytes kept) for the
// inventory, and the cache stores exactly that result.
TEST_F(ParsedCacheTest, AttachedResultIsWhatTheCacheStores) {
  LayerFiles files = LayerWithLargeFiles();
  AttachParseResults(files);
  const CapturedFile& jar = files.files.at(std::string(kJarPath));
  EXPECT_FALSE(jar.bytes_dropped);
  EXPECT_GT(jar.data.size(), kCacheParsedAboveBytes);
  ASSERT_TRUE(jar.parsed.contains("java"));
  EXPECT_FALSE(files.files.at(std::string(kRequirementsPath)).parsed.contains("python"));
  EXPECT_TRUE(files.files.at("app/base.txt").parsed.empty()) << "small files are not parsed ahead";

  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache) << cache.error().message;
  ASSERT_TRUE(StoreCachedLayer(**cache, "sha256:l1", files));
  auto loaded = LoadCachedLayer(**cache, "sha256:l1");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->files.at(std::string(kJarPath)).parsed.at("java"), jar.parsed.at("java"));
}

TEST_F(ParsedCacheTest, DamagedParseResultMakesTheLayerAMiss) {
  auto cache = LayerCache::Open(dir_, kDefaultCacheMaxBytes);
  ASSERT_TRUE(cache) << cache.error().message;
  LayerFiles files;
  CapturedFile jar{.kind = CapturedFile::Kind::kRegular, .bytes_dropped = true};
  jar.parsed["java"] = "\xa1\x61v";  // CBOR cut short
  files.files[std::string(kJarPath)] = jar;
  ASSERT_TRUE(StoreCachedLayer(**cache, "sha256:l2", files));  // a part already without bytes is kept as is
  EXPECT_FALSE(LoadCachedLayer(**cache, "sha256:l2"));
}

TEST(ParsedCodec, RoundTripsEveryPackageFieldAndErrors) {
  ParsedPackages parsed;
  parsed.packages.push_back(Package{.id = "i", .name = "n", .version = "v", .ecosystem = "e", .source_name = "sn",
                                    .source_version = "sv", .arch = "a", .module = "m:s", .purl = "p",
                                    .licenses = {"MIT", "BSD"},
                                    .layer_diff_id = "l", .path = "f", .dev = true});
  parsed.skipped = {"record 3: no version"};
  parsed.states_dev = true;
  parsed.owned_files = {"usr/bin/x"};
  auto back = DecodeParsedPackages(EncodeParsedPackages(parsed));
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->packages, parsed.packages);
  EXPECT_EQ((*back)->skipped, parsed.skipped);
  EXPECT_TRUE((*back)->states_dev);
  EXPECT_EQ((*back)->owned_files, parsed.owned_files);

  auto failed = DecodeParsedPackages(EncodeParsedPackages(Fail("not a zip archive")));
  ASSERT_TRUE(failed);
  ASSERT_FALSE(*failed);
  EXPECT_EQ(failed->error().message, "not a zip archive");
}

TEST(ParsedCodec, DamageIsAnErrorNeverACrash) {
  const std::string good = EncodeParsedPackages(ParsedPackages{.packages = {Package{.name = "x"}}});
  for (std::string bad : {std::string(), std::string("\xa1"), good.substr(0, good.size() / 2),
                          good.substr(0, good.size() - 1), std::string(64, '\x9f'), std::string("\xa1\x61v\x02"),
                          // a float version: nlohmann's get<int>() of it was undefined behaviour
                          std::string("\xa1\x61v\xfb\x7f\xe0\0\0\0\0\0\0", 12)}) {
    auto decoded = DecodeParsedPackages(bad);
    ASSERT_FALSE(decoded) << bad.size();
    EXPECT_TRUE(decoded.error().message.starts_with("damaged cache entry")) << decoded.error().message;
  }
}

// Found by parsed_codec_fuzz (fuzz/seeds/parsed_codec_fuzz/deep-cbor-crash.bin): thousands of nested CBOR arrays
// overflowed the stack inside nlohmann's recursive CBOR reader.
TEST(ParsedCodec, DeepNestingIsDamageNotAStackOverflow) {
  auto bytes = ReadFileBounded(std::string(DRYDOCK_SOURCE_DIR) + "/fuzz/seeds/parsed_codec_fuzz/deep-cbor-crash.bin",
                               1 << 20);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  auto decoded = DecodeParsedPackages(*bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "damaged cache entry: parse result: CBOR nested deeper than 128 levels");
}

// The layer codec carries parse results and the dropped-bytes mark, and a cut-short result is damage.
TEST(LayerCodec, CarriesParseResults) {
  LayerFiles files;
  CapturedFile jar{.kind = CapturedFile::Kind::kRegular, .bytes_dropped = true};
  jar.parsed["java"] = EncodeParsedPackages(ParsedPackages{});
  jar.parsed["other"] = "xyz";
  files.files["a.jar"] = jar;
  const std::string encoded = EncodeLayerFiles(files);
  auto back = DecodeLayerFiles(encoded);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->files.at("a.jar").bytes_dropped);
  EXPECT_EQ(back->files.at("a.jar").parsed, jar.parsed);
  EXPECT_FALSE(DecodeLayerFiles(encoded.substr(0, encoded.size() - 1)));
}

}  // namespace
}  // namespace drydock
