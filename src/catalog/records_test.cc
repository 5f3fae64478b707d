#include "catalog/records.h"

#include <gtest/gtest.h>

#include <string>

namespace drydock {
namespace {

constexpr std::size_t kLimitBytes = 1 << 20;

std::vector<std::vector<std::string>> Texts(const std::vector<Record>& records) {
  std::vector<std::vector<std::string>> out;
  for (const Record& record : records) {
    out.emplace_back();
    for (const Line& line : record) out.back().emplace_back(line.text);
  }
  return out;
}

TEST(SplitRecordsTest, SplitsAtBlankLinesWhateverTheLineEnds) {
  const std::vector<std::vector<std::string>> want = {{"a: 1", " b"}, {"c: 2"}};
  for (std::string_view bytes : {"a: 1\n b\n\nc: 2\n", "a: 1\r\n b\r\n\r\nc: 2\r\n", "a: 1\n b\n \t\nc: 2",
                                 "\n\na: 1\n b\n\n\n\nc: 2\n\n\n"}) {
    auto records = SplitRecords(bytes, kLimitBytes);
    ASSERT_TRUE(records.has_value()) << bytes;
    EXPECT_EQ(Texts(*records), want) << bytes;
  }
}

TEST(SplitRecordsTest, NumbersLinesFromOne) {
  auto records = SplitRecords("\na\n\nb\nc", kLimitBytes);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0][0].number, 2u);
  EXPECT_EQ((*records)[1][1].number, 5u);
}

TEST(SplitRecordsTest, EmptyInputHasNoRecords) {
  for (std::string_view bytes : {"", "\n", "\r\n\r\n", "  \n\t\n"}) {
    auto records = SplitRecords(bytes, kLimitBytes);
    ASSERT_TRUE(records.has_value());
    EXPECT_TRUE(records->empty());
  }
}

TEST(SplitRecordsTest, RejectsNulBytesAndOversizedFiles) {
  auto nul = SplitRecords(std::string_view("a: 1\nb: \0\n", 10), kLimitBytes);
  ASSERT_FALSE(nul.has_value());
  EXPECT_NE(nul.error().message.find("line 2"), std::string::npos) << nul.error().message;
  EXPECT_FALSE(SplitRecords(std::string(17, 'x'), 16).has_value());
  EXPECT_TRUE(SplitRecords(std::string(16, 'x'), 16).has_value());
}

TEST(SplitRecordsTest, KeepsVeryLongLines) {
  const std::string line = "Description: " + std::string(100'000, 'x');
  const std::string bytes = line + "\n";  // records view these bytes, so they must outlive them
  auto records = SplitRecords(bytes, kLimitBytes);
  ASSERT_TRUE(records.has_value());
  EXPECT_EQ((*records)[0][0].text, line);
}

TEST(CheckIdentifierTest, AcceptsPackageTokensRejectsTheRest) {
  for (std::string_view good : {"bash", "1:2.38.1-5+deb12u3", "libstdc++6", "x86_64"}) {
    EXPECT_TRUE(CheckIdentifier("Package", good).has_value()) << good;
  }
  const std::string too_long(kMaxIdentifierBytes + 1, 'a');
  for (std::string_view bad :
       {std::string_view(""), std::string_view("two words"), std::string_view("tab\there"),
        std::string_view("bell\a"), std::string_view(too_long)}) {
    EXPECT_FALSE(CheckIdentifier("Package", bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace drydock
