#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "baseimage/chain_id.h"
#include "baseimage/identify.h"
#include "baseimage/index_registry.h"

namespace drydock::baseimage {
namespace {

// The diff_ids of debian12-app's first two layers (../shared/testdata/images/debian12-app.txt); layer 1 is
// debian12-minbase's only layer.
const std::string kMinbase = "sha256:318a5278c65e9804af9b57f2ac42fd5d27c477efaf7fa50feb0e7d9ee0a56561";
const std::string kDebs = "sha256:ff284aad0b017df78f44aae33f83f9a1e902ce6c12234207059137af582edbaf";
const std::string kApp = "sha256:23ec6f4abe3d13c5a0f3c85391e32023d1bd21fdf7d2b5dfb0421f9cf714ea37";
const std::string kWhiteouts = "sha256:91b004b6b2d96954dcbaa7a27d50d93849a0c32a0437c9567ff7962ca1be7d95";
// printf '%s' "<kMinbase> <kDebs>" | sha256sum
const std::string kChain2 = "sha256:0b4dc1fd5859e5f1d5bab26b92a5f4f5e68abc04204f27db6f9a6e2cedbf594e";

// This process's scratch directory, removed when the process exits.
const std::filesystem::path& TempDir() {
  static const struct Scratch {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("drydock-baseimage-" + std::to_string(::getpid()));
    ~Scratch() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } scratch;
  return scratch.path;
}

std::string TempPath(const std::string& name) {
  std::filesystem::create_directories(TempDir());
  std::filesystem::remove(TempDir() / name);
  return (TempDir() / name).string();
}

IndexEntry Entry(const std::string& chain_id, const std::string& digest, std::size_t layers,
                 const std::string& created = "2026-11-22T00:00:00Z") {
  return {.chain_id = chain_id, .digest = digest, .platform = "linux/amd64", .created = created, .layers = layers};
}

ImageFacts AppImage() { return {.diff_ids = {kMinbase, kDebs, kApp, kWhiteouts}}; }

TEST(ChainIds, FirstIsTheDiffIdAndEachNextHashesThePreviousWithASpace) {
  auto chain = ChainIds({kMinbase, kDebs});
  ASSERT_TRUE(chain) << chain.error().message;
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0], kMinbase);
  EXPECT_EQ((*chain)[1], kChain2);
}

TEST(ChainIds, RejectsADiffIdThatIsNoSha256) {
  EXPECT_FALSE(ChainIds({kMinbase, "md5:abc"}));
  EXPECT_FALSE(ChainIds({"sha256:12"}));
  EXPECT_TRUE(ChainIds({})->empty());
}

TEST(BaseIndex, LongestIndexedPrefixWinsAndSharedLayersListEveryTag) {
  auto index = BaseIndex::Open(TempPath("longest.db"));
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_TRUE((*index)->RecordTag("reg/debian", "12", {Entry(kMinbase, "sha256:d1", 1)}));
  ASSERT_TRUE((*index)->RecordTag("reg/debian", "12.1", {Entry(kMinbase, "sha256:d1", 1)}));
  auto base = Identify(AppImage(), index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "index");
  EXPECT_EQ((*base)->layers, 1u);
  ASSERT_EQ((*base)->candidates.size(), 2u);
  EXPECT_EQ((*base)->name, "reg/debian");

  ASSERT_TRUE((*index)->RecordTag("reg/python", "3.11", {Entry(kChain2, "sha256:p1", 2)}));
  base = Identify(AppImage(), index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->name, "reg/python");
  EXPECT_EQ((*base)->tag, "3.11");
  EXPECT_EQ((*base)->layers, 2u);
  EXPECT_EQ((*base)->candidates.size(), 1u);
}

TEST(BaseIndex, AMovedTagKeepsItsOldDigestAsHistory) {
  auto index = BaseIndex::Open(TempPath("moved.db"));
  ASSERT_TRUE(index);
  ASSERT_TRUE((*index)->RecordTag("reg/debian", "12", {Entry(kMinbase, "sha256:old", 1, "2026-10-01T00:00:00Z")}));
  ASSERT_TRUE((*index)->RecordTag("reg/debian", "12", {Entry(kChain2, "sha256:new", 2, "2026-11-01T00:00:00Z")}));
  EXPECT_EQ(*(*index)->Size(), 2u);
  ImageFacts old_based{.diff_ids = {kMinbase, kApp}};
  auto base = Identify(old_based, index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->digest, "sha256:old");
  ASSERT_EQ((*base)->candidates.size(), 1u);
  EXPECT_FALSE((*base)->candidates[0].current);
  auto now = (*index)->FindDigest("sha256:new");
  ASSERT_TRUE(now && now->size() == 1);
  EXPECT_TRUE(now->front().current);
}

TEST(Identify, AnnotationDecidesBeforeTheIndexAndTakesItsLayerCountFromIt) {
  auto index = BaseIndex::Open(TempPath("annotation.db"));
  ASSERT_TRUE(index);
  ASSERT_TRUE((*index)->RecordTag("reg/python", "3.11", {Entry(kChain2, "sha256:p1", 2)}));
  ImageFacts image = AppImage();
  image.labels["org.opencontainers.image.base.name"] = "127.0.0.1:5000/reg/python:3.11";
  image.labels["org.opencontainers.image.base.digest"] = "sha256:p1";
  auto base = Identify(image, index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "annotation");
  EXPECT_EQ((*base)->name, "127.0.0.1:5000/reg/python");
  EXPECT_EQ((*base)->tag, "3.11");
  EXPECT_EQ((*base)->layers, 2u);
  image.annotations["org.opencontainers.image.base.name"] = "docker.io/library/debian@sha256:abc";
  image.labels.clear();
  base = Identify(image, nullptr);
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->name, "docker.io/library/debian");
  EXPECT_EQ((*base)->digest, "sha256:abc");
  EXPECT_EQ((*base)->layers, 0u);  // neither the index nor the history knows
}

// A SLSA v0.2 provenance statement (as BuildKit writes it) whose one material is `purl` at `digest`.
std::string Provenance(const std::string& purl, const std::string& digest) {
  return R"({"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2",)"
         R"("subject":[],"predicate":{"materials":[{"uri":")" + purl + R"(","digest":{"sha256":")" +
         digest.substr(7) + R"("}}]}})";
}

TEST(Identify, SignedProvenanceWinsOverAnnotationsAndLayerMatchingAndSaysWhy) {
  auto index = BaseIndex::Open(TempPath("signed.db"));
  ASSERT_TRUE(index);
  const std::string indexed = "sha256:" + std::string(64, '1'), attested = "sha256:" + std::string(64, '2');
  ASSERT_TRUE((*index)->RecordTag("reg/debian", "12", {Entry(kMinbase, indexed, 1)}));
  ASSERT_TRUE((*index)->RecordTag("127.0.0.1:5000/reg/hardened", "12", {Entry(kChain2, attested, 2)}));
  ImageFacts image = AppImage();
  image.labels["org.opencontainers.image.base.name"] = "reg/debian:12";
  // Unsigned, the provenance loses to the annotation.
  image.attestations = {Provenance("pkg:docker/127.0.0.1:5000/reg/hardened@12?platform=linux%2Famd64", attested)};
  auto base = Identify(image, index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "annotation");
  EXPECT_NE((*base)->reason.find("unsigned"), std::string::npos) << (*base)->reason;
  // Signed, it wins over both, and the layer count comes from the index entry of the attested digest.
  image.signed_attestations = {{image.attestations[0], "key cosign.pub"}};
  base = Identify(image, index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "signed-provenance");
  EXPECT_EQ((*base)->name, "127.0.0.1:5000/reg/hardened");
  EXPECT_EQ((*base)->tag, "12");
  EXPECT_EQ((*base)->digest, attested);
  EXPECT_EQ((*base)->layers, 2u);
  EXPECT_NE((*base)->reason.find("signed by key cosign.pub"), std::string::npos) << (*base)->reason;
  // Without the annotation and the signature, the unsigned provenance still comes before layer matching.
  image.labels.clear();
  image.signed_attestations.clear();
  base = Identify(image, index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "provenance");
  // Layer matching alone finds the longest indexed prefix, and says how many layers matched.
  image.attestations.clear();
  base = Identify(image, index->get());
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "index");
  EXPECT_EQ((*base)->name, "127.0.0.1:5000/reg/hardened");
  EXPECT_NE((*base)->reason.find("first 2 of 4 layers"), std::string::npos) << (*base)->reason;
  // A signed statement that is no in-toto statement is an error, not a silent fall-through.
  image.signed_attestations = {{"[]", "k"}};
  EXPECT_FALSE(Identify(image, index->get()));
}

TEST(Identify, HistoryRuleEndsTheBaseAtItsFirstCmd) {
  ImageFacts image{.diff_ids = {kMinbase, kDebs, kApp},
                   .layer_created_by = {"/bin/sh -c #(nop) ADD file:1a2b in / ", "RUN apt-get install -y curl",
                                        "COPY . /app"},
                   .history = {"/bin/sh -c #(nop) ADD file:1a2b in / ", "/bin/sh -c #(nop)  CMD [\"bash\"]",
                               "RUN apt-get install -y curl", "COPY . /app", "CMD [\"node\", \"app.js\"]"}};
  auto base = Identify(image, nullptr);
  ASSERT_TRUE(base && *base);
  EXPECT_EQ((*base)->source, "history");
  EXPECT_EQ((*base)->layers, 1u);
  // The image's own final CMD, after every layer, tells nothing: no base.
  image.history = {image.layer_created_by[0], image.layer_created_by[1], image.layer_created_by[2], "CMD [\"x\"]"};
  EXPECT_FALSE(*Identify(image, nullptr));
}

TEST(EntryFromConfig, ReadsChainPlatformAndCreatedAndRejectsBrokenConfigs) {
  auto entry = EntryFromConfig(
      R"({"architecture":"arm64","variant":"v8","os":"linux","created":"2026-11-22T13:22:56Z",
          "rootfs":{"type":"layers","diff_ids":[")" + kMinbase + R"(",")" + kDebs + R"("]}})",
      "sha256:m");
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->chain_id, kChain2);
  EXPECT_EQ(entry->platform, "linux/arm64/v8");
  EXPECT_EQ(entry->layers, 2u);
  EXPECT_EQ(entry->created, "2026-11-22T13:22:56Z");
  EXPECT_FALSE(EntryFromConfig("{not json", "sha256:m"));
  EXPECT_FALSE(EntryFromConfig(R"({"rootfs":{"diff_ids":[]}})", "sha256:m"));
  EXPECT_FALSE(EntryFromConfig(R"({"rootfs":{"diff_ids":[7]}})", "sha256:m"));
  EXPECT_FALSE(EntryFromConfig(R"({"rootfs":{"diff_ids":["sha1:00"]}})", "sha256:m"));
  EXPECT_FALSE(EntryFromConfig(R"([1,2])", "sha256:m"));
}

TEST(BaseIndex, AFileThatIsNoSqliteDatabaseIsAnError) {
  const std::string path = TempPath("garbage.db");
  std::ofstream(path) << std::string(4096, 'x');
  EXPECT_FALSE(BaseIndex::Open(path));
}

}  // namespace
}  // namespace drydock::baseimage
