// Test helper: checks a comparator against one osv-scalibr vector file ("a < b", "a = b", "a > b" per line;
// blank lines and lines starting with '#' or "//" are comments). Every other line must be a relation, so a
// line the reader misunderstands fails the test instead of being skipped.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace drydock {

inline constexpr char kVersionVectorDir[] = DRYDOCK_TESTDATA "/google+osv-scalibr/semantic/testdata";

// Returns the number of relations checked.
inline int CheckVersionVectors(const std::string& file_name, int (*compare)(std::string_view, std::string_view)) {
  const std::string path = std::string(kVersionVectorDir) + "/" + file_name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  auto sign = [](int c) { return (c > 0) - (c < 0); };
  int checked = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line.starts_with('#') || line.starts_with("//")) {
      continue;
    }
    std::istringstream fields(line);
    std::string a, op, b, extra;
    fields >> a >> op >> b;
    if (b.empty() || (fields >> extra) || (op != "<" && op != "=" && op != ">")) {
      ADD_FAILURE() << file_name << ":" << number << ": cannot read relation: " << line;
      continue;
    }
    const int want = op == "<" ? -1 : op == ">" ? 1 : 0;
    const std::string where = file_name + ":" + std::to_string(number) + ": " + line;
    EXPECT_EQ(sign(compare(a, b)), want) << where;
    EXPECT_EQ(sign(compare(b, a)), -want) << where << " (antisymmetry)";
    EXPECT_EQ(compare(a, a), 0) << where << " (reflexivity)";
    ++checked;
  }
  return checked;
}

}  // namespace drydock
