#include "source/attestation_manifest.h"

#include <gtest/gtest.h>

#include <map>

#include "common/sha256.h"

namespace drydock {
namespace {

const std::string kImage = "sha256:" + std::string(64, 'a');

std::string Digest(const std::string& bytes) { return "sha256:" + Sha256::HexOf(bytes); }

std::string Index(const std::string& type, const std::string& refers_to) {
  return R"({"schemaVersion":2,"manifests":[{"digest":")" + kImage +
         R"(","platform":{"os":"linux","architecture":"amd64"}},{"digest":"sha256:)" + std::string(64, 'b') +
         R"(","platform":{"os":"unknown","architecture":"unknown"},"annotations":{"vnd.docker.reference.type":")" +
         type + R"(","vnd.docker.reference.digest":")" + refers_to + R"("}}]})";
}

TEST(AttestationManifest, FoundOnlyForTheManifestItDescribes) {
  EXPECT_EQ(AttestationManifestFor(Index("attestation-manifest", kImage), kImage), "sha256:" + std::string(64, 'b'));
  EXPECT_FALSE(AttestationManifestFor(Index("attestation-manifest", "sha256:other"), kImage));
  EXPECT_FALSE(AttestationManifestFor(Index("something-else", kImage), kImage));
  for (const char* broken : {"", "{", "[]", R"({"manifests":{}})", R"({"manifests":[1,{"digest":7}]})"}) {
    EXPECT_FALSE(AttestationManifestFor(broken, kImage)) << broken;
  }
}

TEST(AttestationManifest, ReadsProvenanceLayersCheckedAgainstTheirDigests) {
  const std::string provenance = R"({"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{}})";
  const std::string sbom = R"({"predicateType":"https://spdx.dev/Document"})";
  std::map<std::string, std::string> blobs = {{Digest(provenance), provenance}, {Digest(sbom), sbom}};
  auto fetch = [&](const std::string& digest, std::size_t) -> Result<std::string> {
    auto it = blobs.find(digest);
    if (it == blobs.end()) return Fail("no blob {}", digest);
    return it->second;
  };
  auto layer = [](const std::string& digest, const std::string& type) {
    return R"({"mediaType":"application/vnd.in-toto+json","digest":")" + digest +
           R"(","annotations":{"in-toto.io/predicate-type":")" + type + R"("}})";
  };
  const std::string manifest = R"({"layers":[)" + layer(Digest(sbom), "https://spdx.dev/Document") + "," +
                               layer(Digest(provenance), "https://slsa.dev/provenance/v0.2") + "]}";
  auto statements = ReadProvenanceStatements(manifest, fetch);
  ASSERT_TRUE(statements) << statements.error().message;
  EXPECT_EQ(*statements, std::vector<std::string>{provenance});  // the SBOM statement is not read

  blobs[Digest(provenance)] = "tampered";
  EXPECT_FALSE(ReadProvenanceStatements(manifest, fetch));
  const std::string missing = R"({"layers":[)" + layer("sha256:" + std::string(64, 'c'), "https://slsa.dev/provenance/v1") + "]}";
  EXPECT_FALSE(ReadProvenanceStatements(missing, fetch));
  for (const char* broken : {"", "{", R"({"layers":{}})", R"({"layers":[7]})", R"({"layers":[{"size":1}]})",
                             R"({"layers":[{"digest":"md5:1","annotations":{"in-toto.io/predicate-type":"https://slsa.dev/provenance/v1"}}]})"}) {
    EXPECT_FALSE(ReadProvenanceStatements(broken, fetch)) << broken;
  }
}

}  // namespace
}  // namespace drydock
