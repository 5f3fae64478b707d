#include "common/text.h"

#include <gtest/gtest.h>

#include "common/ecosystem.h"
#include "common/severity.h"
#include "common/unique_fd.h"

#include <fcntl.h>

namespace drydock {
namespace {

TEST(TextTest, TrimDropsAsciiWhitespaceOnly) {
  EXPECT_EQ(Trim("  a b\t\r\n"), "a b");
  EXPECT_EQ(Trim("\v\f"), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\xc2\xa0x"), "\xc2\xa0x");  // a UTF-8 no-break space is not ASCII whitespace
}

TEST(SeverityTest, OrderAndUnknownWords) {
  EXPECT_LT(SeverityRank("CRITICAL"), SeverityRank("HIGH"));
  EXPECT_LT(SeverityRank("HIGH"), SeverityRank("MEDIUM"));
  EXPECT_LT(SeverityRank("LOW"), SeverityRank("UNKNOWN"));
  EXPECT_EQ(SeverityRank("critical"), SeverityRank("UNKNOWN"));  // the words are upper case
  EXPECT_EQ(SeverityRank("NEGLIGIBLE"), 4);
  EXPECT_TRUE(IsRatedSeverity("LOW"));
  EXPECT_FALSE(IsRatedSeverity("UNKNOWN"));
  EXPECT_EQ(WorseSeverity("LOW", "HIGH"), "HIGH");
  EXPECT_EQ(WorseSeverity("BOGUS", "LOW"), "LOW");
}

TEST(EcosystemTest, OsEcosystems) {
  for (const char* os : {"deb", "apk", "rpm"}) EXPECT_TRUE(IsOsEcosystem(os)) << os;
  for (const char* lang : {"npm", "pypi", "golang", "", "debian"}) EXPECT_FALSE(IsOsEcosystem(lang)) << lang;
}

TEST(UniqueFdTest, ClosesOnceAndMoves) {
  int raw = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(raw, 0);
  {
    UniqueFd a(raw);
    UniqueFd b(std::move(a));
    EXPECT_FALSE(a.valid());
    EXPECT_EQ(b.get(), raw);
  }
  EXPECT_EQ(::fcntl(raw, F_GETFD), -1);  // closed when b went away
  UniqueFd c(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  int kept = c.Release();
  EXPECT_FALSE(c.valid());
  EXPECT_NE(::fcntl(kept, F_GETFD), -1);
  ::close(kept);
}

}  // namespace
}  // namespace drydock
