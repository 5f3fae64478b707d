// Pipfile.lock, poetry.lock, uv.lock and pylock.toml against trivy's and syft's real lockfiles (expected rows
// read off the files), the binding's file-name dispatch, and broken input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/python/python.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr const char* kRepo = "aquasecurity+trivy/integration/testdata/fixtures/repo";
constexpr const char* kTrivyAnalyzer = "aquasecurity+trivy/pkg/fanal/analyzer/language/python";

std::vector<std::string> DevNames(const ParsedPackages& parsed) {
  std::vector<std::string> names;
  for (const Package& p : parsed.packages) {
    if (p.dev) names.push_back(p.name);
  }
  return names;
}

TEST(PoetryLockTest, TrivyFixture) {
  auto parsed = ParsePoetryLock(TestData(fmt::format("{}/poetry/poetry.lock", kRepo)));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"click", "8.1.3"}, {"colorama", "0.4.6"}, {"werkzeug", "0.14"}}));
  EXPECT_TRUE(DevNames(*parsed).empty());  // category "main" throughout
  EXPECT_EQ(parsed->packages[0].ecosystem, "pypi");
}

TEST(PoetryLockTest, DevFromCategoryAndFromGroups) {
  auto v1 = ParsePoetryLock(
      TestData("anchore+syft/syft/pkg/cataloger/python/testdata/poetry/dev-deps/poetry.lock"));
  ASSERT_TRUE(v1.has_value()) << v1.error().message;
  EXPECT_EQ(DevNames(*v1), (std::vector<std::string>{"added-value", "alabaster", "appnope", "asciitree"}));
  auto v2 = ParsePoetryLock(TestData(fmt::format("{}/poetry/testdata/happy-v2/poetry.lock", kTrivyAnalyzer)));
  ASSERT_TRUE(v2.has_value()) << v2.error().message;
  EXPECT_EQ(v2->packages.size(), 16u);
  // groups without "main" (dev, lint) are not installed at run time; ["main", "dev"] is.
  EXPECT_EQ(DevNames(*v2), (std::vector<std::string>{"atomicwrites", "attrs", "more-itertools", "packaging",
                                                     "py", "pytest", "ruff", "wcwidth"}));
}

TEST(UvLockTest, ProjectItselfLeftOut) {
  auto parsed = ParseUvLock(TestData(fmt::format("{}/uv/uv.lock", kRepo)));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_TRUE(parsed->skipped.empty()) << Joined(parsed->skipped);
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"click", "8.1.3"}, {"colorama", "0.4.6"}, {"werkzeug", "0.11.1"}}));
  auto happy = ParseUvLock(TestData(fmt::format("{}/uv/testdata/happy/uv.lock", kTrivyAnalyzer)));
  ASSERT_TRUE(happy.has_value()) << happy.error().message;
  EXPECT_EQ(happy->packages.size(), 12u);  // 13 entries less the virtual project "happy"
  // pytest is the project's dev group; what only it reaches is dev, pluggy is also a runtime dependency.
  EXPECT_EQ(DevNames(*happy), (std::vector<std::string>{"colorama", "exceptiongroup", "iniconfig", "packaging",
                                                        "pytest", "tomli"}));
  auto broken = ParseUvLock(TestData(fmt::format("{}/uv/testdata/broken-lock/uv.lock", kTrivyAnalyzer)));
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("uv.lock is not TOML: line 1"), std::string::npos)
      << broken.error().message;
}

TEST(PythonLockTest, EverySyftLockfileParses) {
  const std::string dir = "anchore+syft/syft/pkg/cataloger/python/testdata/";
  for (const char* tool : {"poetry", "uv"}) {
    for (const char* name : {"simple-deps", "multiple-extras", "nested-extras", "conflicting-with-extras"}) {
      const std::string file = fmt::format("{}{}/{}/{}.lock", dir, tool, name, tool);
      auto parsed = std::string(tool) == "uv" ? ParseUvLock(TestData(file)) : ParsePoetryLock(TestData(file));
      ASSERT_TRUE(parsed.has_value()) << file << ": " << parsed.error().message;
      EXPECT_FALSE(parsed->packages.empty()) << file;
      EXPECT_TRUE(parsed->skipped.empty()) << file << ": " << Joined(parsed->skipped);
    }
  }
}

TEST(PylockTest, TrivyFixtures) {
  auto parsed = ParsePylock(TestData(fmt::format("{}/pylock/pylock.toml", kRepo)));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages),
            (std::vector<NameVersion>{{"click", "8.1.3"}, {"colorama", "0.4.6"}, {"werkzeug", "0.11.1"}}));
  auto pep =
      ParsePylock(TestData("aquasecurity+trivy/pkg/dependency/parser/python/pylock/testdata/pylock.toml"));
  ASSERT_TRUE(pep.has_value()) << pep.error().message;
  EXPECT_EQ(pep->packages.size(), 10u);
  EXPECT_EQ(pep->packages[2].name, "charset-normalizer");
  EXPECT_FALSE(ParsePylock(TestData(fmt::format("{}/pylock/testdata/broken/pylock.toml", kTrivyAnalyzer))));
}

TEST(PipfileLockTest, DefaultAndDevelop) {
  auto trivy = ParsePipfileLock(TestData(fmt::format("{}/pipenv/Pipfile.lock", kRepo)));
  ASSERT_TRUE(trivy.has_value()) << trivy.error().message;
  EXPECT_EQ(NameVersions(trivy->packages), (std::vector<NameVersion>{{"werkzeug", "0.11.1"}}));
  auto syft =
      ParsePipfileLock(TestData("anchore+syft/syft/pkg/cataloger/python/testdata/pipfile-lock/Pipfile.lock"));
  ASSERT_TRUE(syft.has_value()) << syft.error().message;
  EXPECT_EQ(NameVersions(syft->packages), (std::vector<NameVersion>{{"aio-pika", "6.8.0"},
                                                                    {"aiodns", "2.0.0"},
                                                                    {"aiohttp", "3.7.4.post0"},
                                                                    {"aiohttp-jinja2", "1.4.2"},
                                                                    {"astroid", "2.5.2"},
                                                                    {"autopep8", "1.5.6"}}));
  EXPECT_EQ(DevNames(*syft), (std::vector<std::string>{"astroid", "autopep8"}));
}

TEST(PythonLockTest, BrokenInputIsAClearError) {
  using Parser = Result<ParsedPackages> (*)(std::string_view);
  for (Parser parse : {ParsePoetryLock, ParseUvLock, ParsePylock}) {
    EXPECT_TRUE(parse("")->packages.empty());                         // empty file: no packages
    EXPECT_FALSE(parse("[[package]]\nname = \"a\"\nversion = \"1"));  // truncated
    EXPECT_FALSE(parse("package = 3\npackages = 3\n"));               // wrong type
    EXPECT_FALSE(parse("name = \"\xff\xfe\""));                       // invalid UTF-8
    EXPECT_FALSE(parse("a = " + std::string(100000, '[')));           // nesting bomb
    EXPECT_FALSE(parse(std::string(kMaxPythonLockBytes + 1, '#')));   // over the size bound
    EXPECT_FALSE(parse("x = \"" + std::string(1 << 20, 'a')));        // a huge unterminated line
  }
  auto wrong =
      ParsePoetryLock("[[package]]\nname = \"a\"\nversion = 1\n[[package]]\nname = \"b\"\nversion = \"2\"\n");
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(NameVersions(wrong->packages), (std::vector<NameVersion>{{"b", "2"}}));
  EXPECT_EQ(wrong->skipped.size(), 1u);
  EXPECT_FALSE(ParsePipfileLock("{\"default\": {"));
  EXPECT_FALSE(ParsePipfileLock("[]"));
  EXPECT_FALSE(ParsePipfileLock("{\"default\": []}"));
  EXPECT_EQ(ParsePipfileLock("{\"default\": {\"a\": {\"version\": 3}}}")->skipped.size(), 1u);
}

TEST(PythonCatalogerTest, FileNamesPickTheParser) {
  const PythonCataloger cataloger;
  for (const char* path :
       {"app/requirements.txt", "requirements-dev.txt", "test-requirements.txt", "requirements/base.txt",
        "src/poetry.lock", "uv.lock", "pylock.toml", "pylock.dev.toml", "Pipfile.lock"}) {
    EXPECT_TRUE(cataloger.Required(path)) << path;
  }
  for (const char* path : {"README.txt", "poetry.lock.bak", "pyproject.toml", "requirements.in", "Pipfile"}) {
    EXPECT_FALSE(cataloger.Required(path)) << path;
  }
  auto parsed = cataloger.Parse("srv/poetry.lock", "[[package]]\nname = \"Flask\"\nversion = \"2.0.0\"\n");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->packages.size(), 1u);
  EXPECT_EQ(parsed->packages[0].name, "Flask");  // as the lockfile spells it
  EXPECT_EQ(parsed->packages[0].path, "srv/poetry.lock");
}

}  // namespace
}  // namespace drydock
