// The placeholder rewrite on the store's real statement shapes and on text that must pass through untouched.
#include <gtest/gtest.h>

#include "store/pg_db.h"

namespace drydock {
namespace {

struct Case {
  const char* sqlite;
  const char* postgres;
  int parameters;
};

TEST(PostgresPlaceholders, RewritesPositionalAndNumberedParameters) {
  const Case cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"SELECT id FROM jobs WHERE a = ? AND b = ?", "SELECT id FROM jobs WHERE a = $1 AND b = $2", 2},
      {"UPDATE jobs SET error = ?1, x = CASE WHEN ?2 = 1 THEN ?3 ELSE ?2 END WHERE id = ?4",
       "UPDATE jobs SET error = $1, x = CASE WHEN $2 = 1 THEN $3 ELSE $2 END WHERE id = $4", 4},
      {"VALUES (?5, ?)", "VALUES ($5, $6)", 6},  // a bare ? follows the largest so far, as in SQLite
      {"WHERE state IN ('queued', 'run?ning') AND k = ?", "WHERE state IN ('queued', 'run?ning') AND k = $1", 1},
      {"WHERE s = 'it''s ?' AND t = ?", "WHERE s = 'it''s ?' AND t = $1", 1},
      {"SELECT \"odd?name\" FROM t WHERE x = ?", "SELECT \"odd?name\" FROM t WHERE x = $1", 1},
      {"SELECT 1 -- why?\nWHERE x = ?", "SELECT 1 -- why?\nWHERE x = $1", 1},
      {"SELECT /* a ? b */ ?", "SELECT /* a ? b */ $1", 1},
  };
  for (const Case& c : cases) {
    int parameters = -1;
    EXPECT_EQ(PostgresPlaceholders(c.sqlite, &parameters), c.postgres) << c.sqlite;
    EXPECT_EQ(parameters, c.parameters) << c.sqlite;
  }
}

TEST(PostgresPlaceholders, BrokenTextPassesThroughWithoutOverrun) {
  // Unterminated quotes and comments end the text; the server then reports the broken statement.
  const char* broken[] = {"SELECT 'open ?", "SELECT \"open ?", "SELECT /* open ?", "SELECT -- ?", "?", "'", "-", "/"};
  for (const char* sql : broken) {
    int parameters = -1;
    std::string out = PostgresPlaceholders(sql, &parameters);
    EXPECT_EQ(parameters, std::string_view(sql) == "?" ? 1 : 0) << sql;
    if (std::string_view(sql) != "?") {
      EXPECT_EQ(out, sql);
    }
  }
}

}  // namespace
}  // namespace drydock
