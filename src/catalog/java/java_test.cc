// Java archives: the jars Debian vendors in the debian12-app image (expected coordinates are their own
// pom.properties), claircore's nested inner.jar (its README's tree) and manifests with their parsed .want,
// and archives this test builds to be hostile (a zip bomb, a 50-deep nest, truncation).
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/java/java.h"
#include "catalog/test_image.h"
#include "catalog/testdata.h"

namespace drydock {
namespace {

constexpr char kClaircore[] = "quay+claircore/java/jar/testdata/";

using Members = std::vector<std::pair<std::string, std::string>>;

// A zip holding `members`, deflated (libarchive writer into memory).
std::string Zip(const Members& members) {
  std::string out;
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
  archive_write_set_format_zip(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  archive_write_open(
      a.get(), &out, nullptr,
      [](archive*, void* buf, const void* data, size_t n) -> la_ssize_t {
        static_cast<std::string*>(buf)->append(static_cast<const char*>(data), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const auto& [name, data] : members) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    EXPECT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK);
    EXPECT_EQ(archive_write_data(a.get(), data.data(), data.size()), static_cast<la_ssize_t>(data.size()));
  }
  archive_write_close(a.get());
  return out;
}

TEST(JarTest, PomPropertiesOfDebianVendoredJars) {
  for (auto [file, name, version] : {std::tuple{"log4j-core-2.19.0.jar", "org.apache.logging.log4j:log4j-core", "2.19.0"},
                                     std::tuple{"commons-text-1.10.0.jar", "org.apache.commons:commons-text", "1.10.0"}}) {
    const std::string path = std::string("app/lib/") + file;
    auto parsed = ParseJar(path, Debian12AppFile(path));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{name, version}}));
  }
}

TEST(JarTest, ClaircoreInnerJarNestedArchives) {
  auto parsed = ParseJar("inner.jar", TestData(std::string(kClaircore) + "inner/inner.jar"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  // README: jackson-annotations-2.13.0, log4j-api-2.14 and, inside it, log4j-2.14.0; none of their
  // manifests names a version, so names come from the file names; inner.jar itself has none.
  const std::vector<NameVersion> got = NameVersions(parsed->packages);
  for (const NameVersion& want : std::vector<NameVersion>{
           {"jackson-annotations", "2.13.0"}, {"log4j-api", "2.14"}, {"log4j", "2.14.0"}}) {
    EXPECT_NE(std::find(got.begin(), got.end(), want), got.end()) << want.first;
  }
  EXPECT_EQ(parsed->packages[0].path, "inner.jar!BOOT-INF/lib/jackson-annotations-2.13.0.jar");
}

TEST(ManifestTest, ClaircoreManifestsGiveTheirVersions) {
  const auto asm_fields = ParseManifest(TestData(std::string(kClaircore) + "manifest/asm-7.1.jar"));
  EXPECT_EQ(asm_fields.at("Implementation-Version"), "7.1");
  EXPECT_EQ(asm_fields.at("Bundle-SymbolicName"), "org.objectweb.asm");
  // Continuation lines are joined, as the .want shows them split.
  EXPECT_EQ(asm_fields.at("Implementation-Title"), "ASM, a very small and fast Java bytecode manipulation framework");
  auto jar = ParseJar("asm-7.1.jar", Zip({{"META-INF/MANIFEST.MF", TestData(std::string(kClaircore) + "manifest/asm-7.1.jar")}}));
  ASSERT_TRUE(jar.has_value()) << jar.error().message;
  EXPECT_EQ(NameVersions(jar->packages), (std::vector<NameVersion>{{"org.objectweb.asm", "7.1"}}));
}

TEST(GradleLockfileTest, CoordinatesAndBrokenLines) {
  auto parsed = ParseGradleLockfile(
      "# This is a Gradle generated file\ncom.google.guava:guava:31.1-jre=compileClasspath\r\n"
      "org.slf4j:slf4j-api:2.0.0=runtimeClasspath\nbroken-line\nempty=annotationProcessor\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"com.google.guava:guava", "31.1-jre"},
                                                                      {"org.slf4j:slf4j-api", "2.0.0"}}));
  EXPECT_EQ(parsed->skipped.size(), 1u);
  EXPECT_FALSE(ParseGradleLockfile(std::string("a:b:c\0", 6)).has_value());
}

TEST(PomXmlTest, TrivyFixtures) {
  // integration/testdata/fixtures/repo/pom/pom.xml: junit deps are test scope; servlet-api is provided.
  auto repo = ParsePomXml(TestData("aquasecurity+trivy/integration/testdata/fixtures/repo/pom/pom.xml"));
  ASSERT_TRUE(repo.has_value()) << repo.error().message;
  EXPECT_EQ(NameVersions(repo->packages), (std::vector<NameVersion>{{"javax.servlet:javax.servlet-api", "4.0.1"},
                                                                    {"com.fasterxml.jackson.core:jackson-databind", "2.9.1"}}));
  const std::string dir = "aquasecurity+trivy/pkg/dependency/parser/java/pom/testdata/";
  auto happy = ParsePomXml(TestData(dir + "happy/pom.xml"));  // ${api.version} from <properties>
  ASSERT_TRUE(happy.has_value());
  EXPECT_EQ(NameVersions(happy->packages), (std::vector<NameVersion>{{"org.example:example-api", "1.7.30"},
                                                                     {"org.example:example-runtime", "1.0.0"},
                                                                     {"org.example:example-provided", "999"}}));
  auto managed = ParsePomXml(TestData(dir + "root-pom-dep-management/pom.xml"));
  ASSERT_TRUE(managed.has_value());
  EXPECT_EQ(NameVersions(managed->packages), (std::vector<NameVersion>{{"org.example:example-nested", "3.3.3"}}));
}

TEST(PomXmlTest, ManagedVersionsAndBrokenInput) {
  auto parsed = ParsePomXml(R"(<project><version>2.0</version><properties><a>${b}</a><b>${a}</b></properties>
    <dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>m</artifactId>
    <version>1.5</version></dependency></dependencies></dependencyManagement><dependencies>
    <dependency><groupId>g</groupId><artifactId>m</artifactId></dependency>
    <dependency><groupId>g</groupId><artifactId>self</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>g</groupId><artifactId>cycle</artifactId><version>${a}</version></dependency>
    <dependency><groupId>g</groupId><artifactId>none</artifactId></dependency></dependencies></project>)");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"g:m", "1.5"}, {"g:self", "2.0"}}));
  EXPECT_EQ(parsed->skipped.size(), 2u) << Joined(parsed->skipped);
  EXPECT_FALSE(ParsePomXml("<project><dependencies>").has_value());
  EXPECT_FALSE(ParsePomXml("<notaproject/>").has_value());
  EXPECT_FALSE(ParsePomXml(std::string(kMaxPomXmlBytes + 1, ' ')).has_value());
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  EXPECT_FALSE(ParsePomXml(deep).has_value());  // unclosed, 100k deep: an error, no stack overflow
}

TEST(JarHostileTest, ZipBombMemberIsRefusedWithoutInflatingIt) {
  // 100 MB of zeros deflates to ~100 KB; the member cap stops reading at 64 MB.
  const std::string bomb = Zip({{"META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1\n"},
                                {"lib/bomb.jar", std::string(100 << 20, '\0')}});
  EXPECT_LT(bomb.size(), 1u << 20);
  auto parsed = ParseJar("bomb.jar", bomb);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(NameVersions(parsed->packages), (std::vector<NameVersion>{{"g:a", "1"}}));
  ASSERT_EQ(parsed->skipped.size(), 1u);
  EXPECT_NE(parsed->skipped[0].find("larger than"), std::string::npos) << parsed->skipped[0];
}

TEST(JarHostileTest, FiftyDeepNestStopsAtTheDepthLimit) {
  std::string jar = Zip({{"META-INF/maven/g/deep/pom.properties", "groupId=g\nartifactId=deep\nversion=50\n"}});
  for (int i = 49; i >= 0; --i) {
    jar = Zip({{"META-INF/maven/g/l" + std::to_string(i) + "/pom.properties",
                "groupId=g\nartifactId=l" + std::to_string(i) + "\nversion=1\n"},
               {"n.jar", jar}});
  }
  auto parsed = ParseJar("deep.jar", jar);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->packages.size(), static_cast<std::size_t>(kMaxJarNestingDepth + 1));
  ASSERT_EQ(parsed->skipped.size(), 1u);
  EXPECT_NE(parsed->skipped[0].find("nested more than"), std::string::npos) << parsed->skipped[0];
}

TEST(JarHostileTest, TruncatedAndNonZipInput) {
  const std::string jar = Zip({{"META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1\n"},
                               {"inner.jar", "not a zip"}});
  EXPECT_FALSE(ParseJar("x.jar", "").has_value());
  EXPECT_FALSE(ParseJar("x.jar", "PK\x03\x04garbage").has_value());
  EXPECT_FALSE(ParseJar("x.jar", std::string(1000, '\xff')).has_value());
  auto inner_bad = ParseJar("x.jar", jar);
  ASSERT_TRUE(inner_bad.has_value()) << inner_bad.error().message;
  EXPECT_EQ(inner_bad->skipped.size(), 1u);  // the nested non-zip, reported; the rest still read
  for (std::size_t cut : {std::size_t{10}, jar.size() / 2}) {
    auto parsed = ParseJar("x.jar", jar.substr(0, cut));
    if (parsed) {
      EXPECT_LE(parsed->packages.size(), 1u);  // streaming reads what precedes the cut, or fails
    }
  }
}

}  // namespace
}  // namespace drydock
