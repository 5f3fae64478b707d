// Cargo.lock against trivy's and syft's real lockfiles (expected rows read off their [[package]] tables),
// and cargo-auditable's .dep-v0 in an ELF this test writes (no Rust toolchain here; the JSON follows
// cargo-auditable's documented format), plus broken input.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <string>
#include <vector>

#include "catalog/rust/rust.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kTrivyCargo = "aquasecurity+trivy/integration/testdata/fixtures/repo/cargo/";

// Ten [[package]] tables; "app" has no source (the project itself) and is not a dependency.
TEST(CargoLockTest, TrivyFixtureListsEveryDependency) {
  auto parsed = ParseCargoLock(TestData(std::string(kTrivyCargo) + "Cargo.lock"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  ASSERT_EQ(parsed->packages.size(), 9u);
  EXPECT_EQ(parsed->packages[0].name, "aho-corasick");
  EXPECT_EQ(parsed->packages[0].version, "0.7.20");
  EXPECT_EQ(parsed->packages[0].ecosystem, "cargo");
  EXPECT_EQ(NameVersions({parsed->packages[2], parsed->packages[3]}),
            (std::vector<NameVersion>{{"memchr", "1.0.2"}, {"memchr", "2.7.4"}}));
  for (const Package& p : parsed->packages) EXPECT_NE(p.name, "app");
  EXPECT_FALSE(parsed->states_dev);  // without Cargo.toml nothing is known
}

// The fixture's Cargo.toml: regex in [dependencies], memchr 1.x in a target's, winapi in [dev-dependencies].
// winapi and the two crates only it pulls in are dev; libc (via memchr 1.0.2) is not.
TEST(CargoLockTest, DevDependenciesFromTheManifestBeside) {
  const std::string manifest = TestData(std::string(kTrivyCargo) + "Cargo.toml");
  auto parsed = ParseCargoLock(TestData(std::string(kTrivyCargo) + "Cargo.lock"), manifest);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->states_dev);
  std::vector<std::string> dev;
  for (const Package& p : parsed->packages) {
    if (p.dev) dev.push_back(p.name);
  }
  EXPECT_EQ(dev, (std::vector<std::string>{"winapi", "winapi-i686-pc-windows-gnu", "winapi-x86_64-pc-windows-gnu"}));
  // A broken manifest costs only the dev marking, and says so.
  auto broken = ParseCargoLock(TestData(std::string(kTrivyCargo) + "Cargo.lock"), std::string_view("[package"));
  ASSERT_TRUE(broken.has_value());
  EXPECT_FALSE(broken->states_dev);
  EXPECT_EQ(broken->packages.size(), 9u);
  EXPECT_EQ(broken->skipped.size(), 1u);
}

// Through the cataloger: Cargo.toml is read beside Cargo.lock, and itself yields no package.
TEST(CargoLockTest, CatalogerReadsTheManifestBeside) {
  const CargoLockCataloger cataloger;
  EXPECT_TRUE(cataloger.Required("src/app/Cargo.toml"));
  EXPECT_FALSE(cataloger.Required("root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/libc-0.2.1/Cargo.toml"));
  EXPECT_FALSE(cataloger.ParsesAlone("app/Cargo.lock"));
  const std::string manifest = TestData(std::string(kTrivyCargo) + "Cargo.toml");
  auto parsed = cataloger.ParseWithFiles("app/Cargo.lock", TestData(std::string(kTrivyCargo) + "Cargo.lock"),
                                         [&](std::string_view path) -> std::optional<std::string> {
                                           if (path == "app/Cargo.toml") return manifest;
                                           return std::nullopt;
                                         });
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->states_dev);
  EXPECT_EQ(parsed->packages[0].path, "app/Cargo.lock");
  auto toml = cataloger.Parse("app/Cargo.toml", manifest);
  ASSERT_TRUE(toml.has_value());
  EXPECT_TRUE(toml->packages.empty());
}

TEST(CargoLockTest, SyftLockfilesParse) {
  for (const char* file : {"anchore+syft/syft/pkg/cataloger/rust/testdata/Cargo.lock",
                           "anchore+syft/syft/pkg/cataloger/rust/testdata/path-deps/Cargo.lock"}) {
    auto parsed = ParseCargoLock(TestData(file));
    ASSERT_TRUE(parsed.has_value()) << file << ": " << parsed.error().message;
    EXPECT_FALSE(parsed->packages.empty()) << file;
    EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  }
}

TEST(CargoLockTest, BrokenTomlIsAnError) {
  EXPECT_FALSE(ParseCargoLock("[[package]\nname = \"x\"").has_value());
  EXPECT_FALSE(ParseCargoLock("package = 3").has_value());
  EXPECT_FALSE(ParseCargoLock(std::string(kMaxCargoLockBytes + 1, '#')).has_value());
  EXPECT_FALSE(ParseCargoLock("a = " + std::string(100000, '[')).has_value());  // nesting bomb
  EXPECT_FALSE(ParseCargoLock("name = \"\xff\xfe\"").has_value());              // invalid UTF-8
  auto partial = ParseCargoLock("[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \"registry+x\"\n[[package]]\nname = 7\n");
  ASSERT_TRUE(partial.has_value());
  EXPECT_EQ(partial->packages.size(), 1u);
  EXPECT_EQ(partial->skipped.size(), 1u);
}

std::string Deflate(std::string_view text) {
  uLongf size = compressBound(text.size());
  std::string out(size, '\0');
  EXPECT_EQ(compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
                     text.size()),
            Z_OK);
  out.resize(size);
  return out;
}

// A minimal little-endian ELF64: header, then the section data, the name table and three section headers
// (null, .shstrtab, `name`).
std::string ElfWithSection(std::string_view name, std::string_view data) {
  const std::string names = std::string("\0.shstrtab\0", 11) + std::string(name) + '\0';
  std::string elf(64, '\0');
  std::memcpy(elf.data(), "\x7f" "ELF\x02\x01\x01", 7);
  const std::uint64_t data_off = 64, names_off = data_off + data.size(), sh_off = names_off + names.size();
  elf += data;
  elf += names;
  auto put = [](std::string& s, std::size_t at, std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  put(elf, 0x28, sh_off, 8);
  put(elf, 0x3a, 64, 2);
  put(elf, 0x3c, 3, 2);
  put(elf, 0x3e, 1, 2);
  std::string headers(3 * 64, '\0');
  put(headers, 64 + 0, 1, 4);  // .shstrtab name offset
  put(headers, 64 + 4, 3, 4);  // SHT_STRTAB
  put(headers, 64 + 0x18, names_off, 8);
  put(headers, 64 + 0x20, names.size(), 8);
  put(headers, 128 + 0, 11, 4);
  put(headers, 128 + 4, 1, 4);  // SHT_PROGBITS
  put(headers, 128 + 0x18, data_off, 8);
  put(headers, 128 + 0x20, data.size(), 8);
  return elf + headers;
}

constexpr char kAuditJson[] =
    R"({"packages":[{"name":"auditable-demo","version":"0.1.0","source":"local","root":true,"dependencies":[1]},)"
    R"({"name":"smallvec","version":"1.6.0","source":"crates.io","kind":"runtime"},)"
    R"({"name":"cc","version":"1.0.79","source":"crates.io","kind":"build"},{"version":"1"}]})";

TEST(CargoAuditableTest, ReadsDepV0FromElf) {
  const CargoAuditableCataloger cataloger;
  auto parsed = cataloger.Parse("usr/local/bin/demo", ElfWithSection(".dep-v0", Deflate(kAuditJson)));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"auditable-demo", "0.1.0"}, {"smallvec", "1.6.0"}, {"cc", "1.0.79"}}));
  EXPECT_EQ(parsed->skipped.size(), 1u);
  EXPECT_EQ(parsed->packages[1].path, "usr/local/bin/demo");
  auto other = cataloger.Parse("usr/local/bin/demo", ElfWithSection(".comment", "GCC"));
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(other->packages.empty());
}

TEST(CargoAuditableTest, HostileSectionsAreErrors) {
  const std::string good = Deflate(kAuditJson);
  EXPECT_FALSE(ParseCargoAuditable(good.substr(0, good.size() / 2)).has_value());  // truncated zlib
  EXPECT_FALSE(ParseCargoAuditable("not zlib").has_value());
  EXPECT_FALSE(ParseCargoAuditable(Deflate("[1,2]")).has_value());
  EXPECT_FALSE(ParseCargoAuditable(Deflate("{\"packages\":")).has_value());
  EXPECT_FALSE(ParseCargoAuditable(Deflate(std::string(kMaxAuditableJsonBytes + 10, ' '))).has_value());  // bomb
  EXPECT_FALSE(ParseCargoAuditable(Deflate(std::string(200000, '['))).has_value());
  const std::string elf = ElfWithSection(".dep-v0", good);
  const CargoAuditableCataloger cataloger;
  for (std::size_t cut : {std::size_t{20}, std::size_t{64}, elf.size() - 100, elf.size() - 3 * 64 - 5}) {
    EXPECT_FALSE(cataloger.Parse("bin/x", elf.substr(0, cut)).has_value()) << cut;
  }
}

}  // namespace
}  // namespace drydock
