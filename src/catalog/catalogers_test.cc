#include <gtest/gtest.h>

#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace drydock {
namespace {

TEST(PackageCatalogersTest, FixedTableWithUniqueNames) {
  std::set<std::string_view> names;
  for (const Cataloger* cataloger : PackageCatalogers()) {
    ASSERT_NE(cataloger, nullptr);
    EXPECT_FALSE(cataloger->Version().empty());
    names.insert(cataloger->Name());
  }
  for (std::string_view want : {"dpkg", "apk", "rpm", "gomod", "gobinary", "cargo-lock", "cargo-auditable",
                                "dotnet", "java"}) {
    EXPECT_TRUE(names.contains(want)) << want;
  }
  EXPECT_EQ(PackageCatalogers().size(), names.size());
}

// Each database path belongs to exactly one cataloger, so no file is parsed twice.
TEST(PackageCatalogersTest, EachDatabaseHasOneOwner) {
  for (std::string_view path :
       {"var/lib/dpkg/status", "var/lib/dpkg/status.d/tzdata", "lib/apk/db/installed", "var/lib/rpm/Packages",
        "usr/lib/sysimage/rpm/rpmdb.sqlite"}) {
    int owners = 0;
    for (const Cataloger* cataloger : PackageCatalogers()) owners += cataloger->Required(path) ? 1 : 0;
    EXPECT_EQ(owners, 1) << path;
  }
}

// A binary file is an Error; text that is not a database yields skipped records, never a crash. rpm's
// databases are binary, so for rpm both are an Error (rpm/rpm_broken_test.cc has its hostile inputs).
TEST(PackageCatalogersTest, ParseErrorsAreValuesNotCrashes) {
  for (const Cataloger* cataloger : PackageCatalogers()) {
    if (cataloger->Name() == "rpm") {
      EXPECT_FALSE(cataloger->Parse("x", std::string_view("\0\xff garbage", 10)).has_value());
      EXPECT_FALSE(cataloger->Parse("x", "\xff garbage\n\n\x01\x02\n").has_value());
      continue;
    }
    if (cataloger->Name() != "dpkg" && cataloger->Name() != "apk") {
      // Application catalogers (their own tests hold their hostile inputs): a value or an Error, no packages.
      for (std::string_view junk : {std::string_view("\0\xff garbage", 10), std::string_view("\xff garbage\n\n")}) {
        auto parsed = cataloger->Parse("x", junk);
        if (parsed) {
          EXPECT_TRUE(parsed->packages.empty()) << cataloger->Name();
        }
      }
      continue;
    }
    auto binary = cataloger->Parse("x", std::string_view("\0\xff garbage", 10));
    ASSERT_FALSE(binary.has_value()) << cataloger->Name();
    EXPECT_NE(binary.error().message.find("NUL byte"), std::string::npos) << binary.error().message;

    auto garbage = cataloger->Parse("x", "\xff garbage\n\n\x01\x02\n");
    ASSERT_TRUE(garbage.has_value()) << cataloger->Name() << ": " << garbage.error().message;
    EXPECT_TRUE(garbage->packages.empty()) << cataloger->Name();
    ASSERT_EQ(garbage->skipped.size(), 2u) << cataloger->Name();
    EXPECT_NE(garbage->skipped[0].find("at line 1: line 1:"), std::string::npos) << garbage->skipped[0];
    EXPECT_NE(garbage->skipped[1].find("at line 3: line 3:"), std::string::npos) << garbage->skipped[1];
  }
}

// A parser with the bug ParseGuarded exists for: nlohmann's type_error escaping it.
class ThrowingCataloger final : public Cataloger {
 public:
  std::string_view Name() const override { return "throwing"; }
  std::string_view Version() const override { return "1"; }
  bool Required(std::string_view) const override { return true; }
  Result<ParsedPackages> Parse(std::string_view, std::string_view bytes) const override {
    return ParsedPackages{.skipped = {nlohmann::json::parse(bytes).value("name", "")}};
  }
};

TEST(PackageCatalogersTest, AnExceptionOutOfAParserIsThatFilesError) {
  const ThrowingCataloger cataloger;
  auto fine = ParseGuarded(cataloger, "app/bun.lock", R"({"name": "a"})");
  ASSERT_TRUE(fine.has_value()) << fine.error().message;
  EXPECT_EQ(fine->skipped, std::vector<std::string>{"a"});
  auto thrown = ParseGuarded(cataloger, "app/bun.lock", R"({"name": {}})");
  ASSERT_FALSE(thrown.has_value());
  EXPECT_EQ(thrown.error().message,
            "throwing cataloger failed on app/bun.lock (a drydock bug, please report it): "
            "[json.exception.type_error.302] type must be string, but is object");
  const FileReader no_files = [](std::string_view) { return std::nullopt; };
  EXPECT_FALSE(ParseGuarded(cataloger, "app/bun.lock", "[", &no_files).has_value());
}

}  // namespace
}  // namespace drydock
