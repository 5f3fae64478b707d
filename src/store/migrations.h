// The store's schema as numbered migrations, each applied once, in order, under a lock when a store opens. The
// same list serves every engine. A step is written once, in SQLite's DDL with keywords in capitals; PostgreSQL
// runs it rewritten by PostgresDdl's rules (`INTEGER PRIMARY KEY [AUTOINCREMENT]` is an identity column,
// `INTEGER` is BIGINT), then the step's `postgres_extra`, for what SQLite has built in, then its `backfill`.
// Never edit a released step: add the next number.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

class SqlDb;

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  std::string_view postgres_extra = {};
  // Run after `sql`, in the same transaction, for rows DDL cannot rewrite: values computed in C++, or read with
  // each engine's own JSON functions. Null for most steps.
  Status (*backfill)(SqlDb& db) = nullptr;
};

std::span<const Migration> Migrations();

// The step as PostgreSQL runs it.
std::string PostgresDdl(const Migration& step);

}  // namespace drydock
