// The store's schema as numbered migrations, each applied once, in order, under a lock when a store opens. The
// same list serves every engine. A step is written once, in SQLite's DDL with keywords in capitals; PostgreSQL
// runs it rewritten by PostgresDdl's rules (`INTEGER PRIMARY KEY [AUTOINCREMENT]` is an identity column,
// `INTEGER` is BIGINT), then the step's `postgres_extra`, for what SQLite has built in. Never edit a released
// step: add the next number.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace drydock {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  std::string_view postgres_extra = {};
};

std::span<const Migration> Migrations();

// The step as PostgreSQL runs it.
std::string PostgresDdl(const Migration& step);

}  // namespace drydock
