// Python parsers against trivy's, syft's, osv-scalibr's and osv-scanner's real fixtures (expected rows read
// off the files by hand), plus broken input: each must give packages or a clear Error, never a crash.
#include "catalog/python/python.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo";

// Reads the include targets from the real fixture directory `dir`, as the scan's captured files would.
FileReader DirReader(std::string dir) {
  return [dir](std::string_view path) -> std::optional<std::string> {
    auto bytes = ReadFileBounded(fmt::format("{}/{}/{}", DRYDOCK_TESTDATA, dir, path), kMaxTestFileBytes);
    if (!bytes) return std::nullopt;
    return *bytes;
  };
}
const FileReader kNoFiles = [](std::string_view) { return std::nullopt; };

TEST(RequirementsTest, TrivyFixturePinsOnly) {
  auto parsed = ParseRequirements("requirements.txt", TestData(fmt::format("{}/pip/requirements.txt", kRepo)),
                                  kNoFiles);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  // MarkupSafe>2.0.0 is a range, not an installed version; names are kept as written ("Jinja2"), and
  // PackageId and the matcher fold them (PEP 503).
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"click", "8.0.0"},
                                                                      {"Flask", "2.0.0"},
                                                                      {"itsdangerous", "2.0.0"},
                                                                      {"Jinja2", "3.0.0"},
                                                                      {"Werkzeug", "0.11"},
                                                                      {"oauth2-client", "4.0.0"},
                                                                      {"python-gitlab", "2.0.0"}}));
  EXPECT_EQ(parsed->packages[0].ecosystem, "pypi");
  EXPECT_EQ(parsed->packages[0].path, "requirements.txt");
}

TEST(RequirementsTest, SyftEdgeCases) {
  const std::string dir = "anchore+syft/syft/pkg/cataloger/python/testdata/requires";
  auto parsed = ParseRequirements("requirements.txt", TestData(dir + "/requirements.txt"), DirReader(dir));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"flask", "4.0.0"},
                                                                      {"urllib3", "1.26.20"},
                                                                      {"foo", "1.0.0"},
                                                                      {"SomeProject", "5.4"},
                                                                      {"dots-._allowed", "1.0.0"},
                                                                      {"argh", "0.26.2"},
                                                                      {"argh", "0.26.3"},
                                                                      {"celery", "4.4.7"},
                                                                      {"GithubSampleProject", "3.7.1"},
                                                                      {"FrIeNdLy-_-bArD", "1.0.0"},
                                                                      {"local-version", "1.2.3+gcr.2"}}));
  // other-requirements.txt is not in the fixture; "==2.3.4" names no project.
  ASSERT_EQ(parsed->skipped.size(), 2u) << Joined(parsed->skipped);
  EXPECT_NE(parsed->skipped[0].find("-r other-requirements.txt"), std::string::npos) << parsed->skipped[0];
  EXPECT_NE(parsed->skipped[1].find("line 23: not a requirement"), std::string::npos) << parsed->skipped[1];
}

TEST(RequirementsTest, IncludesResolveBesideTheIncludingFile) {
  const std::string dir = "google+osv-scalibr/extractor/filesystem/language/python/requirements/testdata";
  auto parsed = ParseRequirements("app/example.txt", TestData(dir + "/example.txt"),
                                  [&](std::string_view path) -> std::optional<std::string> {
                                    if (!path.starts_with("app/")) return std::nullopt;
                                    return DirReader(dir)(path.substr(4));
                                  });
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty())
      << Joined(parsed->skipped);  // -c constraints.txt is not a package list
  ASSERT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"docopt", "0.6.1"}, {"pandas", "2.2.3"}}));
  EXPECT_EQ(parsed->packages[1].path, "app/other-requirements.txt");  // the file that pinned it
}

TEST(RequirementsTest, TransitiveIncludeAndCycle) {
  const std::string dir = "google+osv-scanner/cmd/osv-scanner/scan/source/testdata/locks-requirements";
  auto parsed = ParseRequirements("requirements-transitive.txt",
                                  TestData(dir + "/requirements-transitive.txt"), DirReader(dir));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{
                {"numpy", "2.3.1"}, {"flask", "1.0.0"}, {"django", "1.11.29"}, {"requests", "2.20.0"}}));
  const std::string loops = "google+osv-scalibr/extractor/filesystem/language/python/requirements/testdata";
  auto loop = ParseRequirements("loop.txt", TestData(loops + "/loop.txt"), DirReader(loops));
  ASSERT_TRUE(loop.has_value()) << loop.error().message;
  EXPECT_TRUE(loop->packages.empty());
  ASSERT_EQ(loop->skipped.size(), 1u) << Joined(loop->skipped);
  EXPECT_NE(loop->skipped[0].find("other-loop.txt: line 2: -r loop.txt: an include cycle"), std::string::npos)
      << loop->skipped[0];
}

TEST(RequirementsTest, IncludesStayInsideTheTreeAndAreBounded) {
  std::map<std::string, std::string> files;
  for (int i = 0; i < 20; ++i)
    files[fmt::format("r{}.txt", i)] = fmt::format("p{}==1.0\n-r r{}.txt\n", i, i + 1);
  FileReader read = [&](std::string_view path) -> std::optional<std::string> {
    auto found = files.find(std::string(path));
    return found == files.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
  auto deep = ParseRequirements("r0.txt", files["r0.txt"], read);
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->packages.size(), static_cast<std::size_t>(kMaxRequirementIncludeDepth + 1));
  ASSERT_EQ(deep->skipped.size(), 1u);
  EXPECT_NE(deep->skipped[0].find("too deep"), std::string::npos);
  auto escape =
      ParseRequirements("a/requirements.txt", "-r ../../etc/passwd\n--requirement=https://x/y.txt\n", read);
  ASSERT_TRUE(escape.has_value());
  ASSERT_EQ(escape->skipped.size(), 2u) << Joined(escape->skipped);
  EXPECT_NE(escape->skipped[0].find("outside the scanned tree"), std::string::npos);
  EXPECT_NE(escape->skipped[1].find("a URL"), std::string::npos);
}

TEST(RequirementsTest, TrivyParserCases) {
  const std::string dir = "aquasecurity+trivy/pkg/dependency/parser/python/pip/testdata";
  auto hashes = ParseRequirements("r.txt", TestData(dir + "/requirements_hash.txt"), kNoFiles);
  ASSERT_TRUE(hashes.has_value());
  EXPECT_EQ(NameVersions(hashes->packages),
            (std::vector<NameVersion>{{"FooProject", "1.2"}, {"Jinja2", "3.0.0"}}));
  auto utf16 = ParseRequirements("r.txt", TestData(dir + "/requirements_utf16le.txt"), kNoFiles);
  ASSERT_TRUE(utf16.has_value());
  ASSERT_FALSE(utf16->packages.empty());
  EXPECT_EQ(utf16->packages[0].name, "attrs");
  EXPECT_EQ(utf16->packages[0].version, "20.3.0");
  auto templated =
      ParseRequirements("r.txt", TestData(dir + "/requirements_with_templating_engine.txt"), kNoFiles);
  ASSERT_TRUE(templated.has_value());
  EXPECT_TRUE(templated->packages.empty());
  EXPECT_EQ(templated->skipped.size(), 5u) << Joined(templated->skipped);
}

TEST(RequirementsTest, BrokenInput) {
  EXPECT_TRUE(ParseRequirements("r.txt", "", kNoFiles)->packages.empty());
  EXPECT_FALSE(ParseRequirements("r.txt", "a==" + std::string(kMaxRequirementLineBytes + 1, '1'), kNoFiles));
  EXPECT_FALSE(ParseRequirements("r.txt", std::string(kMaxPythonLockBytes + 1, '\n'), kNoFiles));
  auto bad_utf8 = ParseRequirements("r.txt", "fla\xff\xfesk==1.0\nok==2.0\n", kNoFiles);
  ASSERT_TRUE(bad_utf8.has_value());
  EXPECT_EQ(NameVersions(bad_utf8->packages), (std::vector<NameVersion>{{"ok", "2.0"}}));
  EXPECT_EQ(bad_utf8->skipped.size(), 1u);
  auto dangling = ParseRequirements("r.txt", "a==1.0 \\", kNoFiles);  // continuation at end of file
  ASSERT_TRUE(dangling.has_value());
  EXPECT_EQ(NameVersions(dangling->packages), (std::vector<NameVersion>{{"a", "1.0"}}));
}

}  // namespace
}  // namespace drydock
