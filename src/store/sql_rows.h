// Reading a statement's rows, the loop every store query that returns a list would otherwise write again.
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

#include "store/sql_db.h"

namespace drydock {

// Every row `q` returns (stepping it to the end), each made by `read(q)`, in the order the engine gives them.
template <typename Read>
auto ReadRows(SqlStatement& q, Read read) -> Result<std::vector<std::invoke_result_t<Read&, const SqlStatement&>>> {
  std::vector<std::invoke_result_t<Read&, const SqlStatement&>> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(read(std::as_const(q)));
  }
}

// Binds `values` to placeholders 1, 2, ... in order; returns `q` so a Run or Step can follow.
template <typename... Values>
SqlStatement& BindAll(SqlStatement& q, const Values&... values) {
  int index = 0;
  (q.Bind(++index, values), ...);
  return q;
}

}  // namespace drydock
