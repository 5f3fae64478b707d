#include "checks/kubernetes.h"

#include <gtest/gtest.h>

#include <set>

#include "common/file.h"

namespace drydock {
namespace {

std::multiset<std::string> Ids(const std::vector<Misconfiguration>& found, std::string_view who) {
  std::multiset<std::string> out;
  for (const auto& m : found) {
    if (m.evidence.find(who) != std::string::npos) out.insert(m.id);
  }
  return out;
}

TEST(KubernetesTest, MultiDocumentManifest) {
  auto text = ReadFileBounded(std::string(DRYDOCK_SOURCE_DIR) + "/tests/data/config/deployment.yaml", 1 << 20);
  ASSERT_TRUE(text);
  auto found = CheckKubernetesManifests(*text, "deployment.yaml");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(Ids(*found, "careless"),
            (std::multiset<std::string>{"DD-K8S-001", "DD-K8S-002", "DD-K8S-003", "DD-K8S-004", "DD-K8S-005",
                                        "DD-K8S-006", "DD-K8S-007", "DD-K8S-008", "DD-K8S-009", "DD-K8S-010",
                                        "DD-K8S-011"}));
  EXPECT_TRUE(Ids(*found, "hardened").empty());
  EXPECT_TRUE(Ids(*found, "ignored").empty());
}

TEST(KubernetesTest, DocumentsSplitAtMarkersOnly) {
  // Directives and comments before the first marker belong to the first document; `---` inside a value does not
  // split; an empty document between markers counts (as LoadAll counted it) but yields nothing.
  std::string text =
      "%YAML 1.2\n# pods\n---\nkind: Pod\nmetadata: {name: one}\nspec:\n  hostNetwork: true\n"
      "  containers: [{name: a, image: x}]\n---\n---   \nkind: Pod\nmetadata:\n  name: two\n"
      "  annotations: {note: \"a --- b\"}\nspec:\n  hostNetwork: true\n  containers: [{name: b, image: y}]\n";
  auto found = CheckKubernetesManifests(text, "x");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(Ids(*found, "Pod/one (document 1)").count("DD-K8S-007"), 1u);
  EXPECT_EQ(Ids(*found, "Pod/two (document 3)").count("DD-K8S-007"), 1u);
  EXPECT_EQ(Ids(*found, "Pod/one (document 1)").size() + Ids(*found, "Pod/two (document 3)").size(), found->size());
}

TEST(KubernetesTest, HostileInputIsAnError) {
  EXPECT_FALSE(CheckKubernetesManifests("kind: Pod\nspec: [unclosed\n", "x"));
  EXPECT_FALSE(CheckKubernetesManifests(std::string(kMaxManifestBytes + 1, '#'), "x"));
  EXPECT_FALSE(CheckKubernetesManifests(std::string(100000, '[') + std::string(100000, ']'), "x"));
  std::string deep = "kind: Pod\nspec:\n";
  for (int i = 0; i < 2000; ++i) deep += std::string(static_cast<std::size_t>(i + 2), ' ') + "a:\n";
  EXPECT_FALSE(CheckKubernetesManifests(deep, "x"));
  // Wrong types: containers as a string, securityContext as a list, kind as a map.
  auto odd = CheckKubernetesManifests("kind: Pod\nspec:\n  containers: nope\n---\nkind: {a: 1}\n---\n"
                                      "kind: Pod\nspec:\n  containers:\n    - name: c\n      securityContext: [1]\n",
                                      "x");
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_EQ(Ids(*odd, "container c").count("DD-K8S-002"), 1u);
  // yaml-cpp's LoadAll never returned on a stray comma (found by kubernetes_fuzz): now a clear answer.
  for (const char* comma : {",", ", 2", "\n,", "kind: Pod\n---\n,\n---\nkind: Pod\n"}) {
    auto answered = CheckKubernetesManifests(comma, "x");
    if (answered) {
      EXPECT_TRUE(answered->empty()) << comma;
    }
  }
  auto empty = CheckKubernetesManifests("", "x");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace drydock
