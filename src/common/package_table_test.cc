#include "drydock/package_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drydock {
namespace {

// A dpkg package as the inventory finishes it: source_name == name and the usual id shape, both not stored.
Package Deb(const std::string& name, const std::string& version) {
  return Package{.id = "deb:" + name + "@" + version + ":amd64", .name = name, .version = version,
                 .ecosystem = "deb", .source_name = name, .arch = "amd64",
                 .purl = "pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12",
                 .layer_diff_id = "sha256:0b1c", .path = "var/lib/dpkg/status"};
}

// Every field set, none in a shape the table abbreviates.
Package Unusual() {
  return Package{.id = "pypi:jinja2@3.1.2", .name = "Jinja2", .version = "3.1.2", .ecosystem = "pypi",
                 .source_name = "jinja", .source_version = "3.1.2-1", .arch = "", .module = "perl-FCGI:0.78",
                 .purl = "pkg:pypi/jinja2@3.1.2", .licenses = {"BSD-3-Clause", "", "MIT"},
                 .layer_diff_id = "sha256:aa", .path = std::string(300, 'p'), .dev = true, .base = true};
}

TEST(PackageTableTest, RowsComeBackAsTheyWentIn) {
  const std::vector<Package> packages = {Deb("bash", "5.2.15-2+b2"), Unusual(), Package{}, Deb("", ""),
                                         Package{.id = "x", .name = "n", .source_name = "n"}};
  PackageTable table;
  for (const Package& p : packages) table.push_back(p);
  ASSERT_EQ(table.size(), packages.size());
  for (std::size_t i = 0; i < packages.size(); ++i) {
    EXPECT_EQ(table[i], packages[i]) << i;
    EXPECT_EQ(table.Id(i), packages[i].id) << i;
    EXPECT_EQ(table.Name(i), packages[i].name) << i;
    EXPECT_EQ(table.Ecosystem(i), packages[i].ecosystem) << i;
  }
  EXPECT_EQ(table.ToVector(), packages);
  EXPECT_THROW(table.at(packages.size()), std::out_of_range);
  const PackageTable copy = table;  // the copy's pool index is its own
  PackageTable grown = copy;
  grown.push_back(Deb("zlib", "1.2"));
  EXPECT_EQ(copy, table);
  EXPECT_EQ(grown[packages.size()], Deb("zlib", "1.2"));
}

// Enough rows to fill several chunks and, with distinct paths, the whole pool: past it values are inline.
TEST(PackageTableTest, ManyRowsAndAFullPool) {
  std::vector<Package> packages;
  for (int i = 0; i < 70000; ++i) {
    Package p = Deb("pkg" + std::to_string(i), "1." + std::to_string(i % 97));
    p.path = "usr/lib/node_modules/p" + std::to_string(i) + "/package.json";
    packages.push_back(p);
  }
  const PackageTable table(packages);
  EXPECT_EQ(table.ToVector(), packages);
}

TEST(PackageTableTest, RewriteChangesAndDropsRows) {
  PackageTable table = {Deb("a", "1"), Deb("b", "1"), Deb("c", "1")};
  table.Rewrite([](Package& p) {
    p.layer_diff_id = "sha256:" + p.name;
    return p.name != "b";
  });
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[0].layer_diff_id, "sha256:a");
  EXPECT_EQ(table[1].name, "c");
  table.SetDev(1, true);
  table.SetBase(0, true);
  EXPECT_TRUE(table[1].dev);
  EXPECT_FALSE(table[1].base);
  EXPECT_TRUE(table[0].base);
  table.SetDev(1, false);
  EXPECT_FALSE(table[1].dev);
  table.Set(0, Unusual());
  EXPECT_EQ(table[0], Unusual());
}

TEST(PackageTableTest, InsertEraseAndSort) {
  PackageTable table = {Deb("m", "1"), Deb("a", "2")};
  const PackageTable other = {Deb("z", "1"), Unusual()};
  table.Insert(1, other);
  EXPECT_EQ(table.ToVector(), (std::vector<Package>{Deb("m", "1"), Deb("z", "1"), Unusual(), Deb("a", "2")}));
  table.Insert(0, table);
  EXPECT_EQ(table.size(), 8u);
  table.EraseRows({true, true, true, true, false, false, false, false});
  EXPECT_EQ(table.ToVector(),
            (std::vector<Package>{Deb("m", "1"), Deb("z", "1"), Unusual(), Deb("a", "2")}));
  table.SortByKey();
  EXPECT_EQ(table.ToVector(), (std::vector<Package>{Deb("a", "2"), Deb("m", "1"), Deb("z", "1"), Unusual()}));
  table.EraseIf([](const Package& p) { return p.dev; });
  EXPECT_EQ(table.size(), 3u);
  const auto by_id = table.ById({"deb:m@1:amd64", "deb:nothing@1"});
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id.at("deb:m@1:amd64"), Deb("m", "1"));
  table.clear();
  EXPECT_TRUE(table.empty());
}

}  // namespace
}  // namespace drydock
