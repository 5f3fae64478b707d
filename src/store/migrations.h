// The store's schema as numbered migrations, each applied once, in order, under a lock when a store opens. The
// same list serves every engine; a step is written per dialect where SQL differs. Never edit a released step:
// add the next number.
#pragma once

#include <span>
#include <string_view>

namespace drydock {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sqlite;
};

std::span<const Migration> Migrations();

}  // namespace drydock
