#include <gtest/gtest.h>

#include <set>
#include <string>

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
  EXPECT_EQ(names, (std::set<std::string_view>{"dpkg", "apk"}));
  EXPECT_EQ(PackageCatalogers().size(), names.size());
}

// Each database path belongs to exactly one cataloger, so no file is parsed twice.
TEST(PackageCatalogersTest, EachDatabaseHasOneOwner) {
  for (std::string_view path :
       {"var/lib/dpkg/status", "var/lib/dpkg/status.d/tzdata", "lib/apk/db/installed"}) {
    int owners = 0;
    for (const Cataloger* cataloger : PackageCatalogers()) owners += cataloger->Required(path) ? 1 : 0;
    EXPECT_EQ(owners, 1) << path;
  }
}

TEST(PackageCatalogersTest, ParseErrorsAreValuesNotCrashes) {
  for (const Cataloger* cataloger : PackageCatalogers()) {
    auto parsed = cataloger->Parse("x", std::string_view("\0\xff garbage", 10));
    EXPECT_FALSE(parsed.has_value()) << cataloger->Name();
  }
}

}  // namespace
}  // namespace drydock
