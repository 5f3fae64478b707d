#include "catalog/license.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

using Licenses = std::vector<std::string>;

TEST(SplitLicensesTest, SpdxExpressionsAndPlainLists) {
  const std::pair<const char*, Licenses> cases[] = {
      {"MIT", {"MIT"}},
      {"MIT AND BSD", {"MIT", "BSD"}},
      {"GPL-2.0-only OR MIT", {"GPL-2.0-only", "MIT"}},
      {"( Apache-2.0 OR MIT ) AND MPL-2.0", {"Apache-2.0", "MIT", "MPL-2.0"}},  // trivy's apk fixture
      {"(Apache-2.0 OR MIT) AND MPL-2.0", {"Apache-2.0", "MIT", "MPL-2.0"}},
      {"MIT BSD GPL2+", {"MIT", "BSD", "GPL2+"}},  // old apk: space-separated
      {"MIT and BSD-2-Clause or MIT", {"MIT", "BSD-2-Clause"}},
      {"GPL-2.0-or-later WITH Classpath-exception-2.0 AND MIT",
       {"GPL-2.0-or-later WITH Classpath-exception-2.0", "MIT"}},
      {"MIT, BSD-3-Clause", {"MIT", "BSD-3-Clause"}},
      {"", {}},
      {"  ( ) AND ", {}},
      {"WITH WITH", {}},
  };
  for (const auto& [field, want] : cases) EXPECT_EQ(SplitLicenses(field), want) << field;
}

}  // namespace
}  // namespace drydock
