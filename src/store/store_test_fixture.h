// The store tests' fixture: each test runs once per engine with the same assertions, on a store of its own:
// SQLite on a real file in a fresh temporary directory, PostgreSQL in a fresh database of the test binary's
// throwaway cluster (tests/postgres_fixture). A suite derives from StoreEngineTest and instantiates with
//   INSTANTIATE_TEST_SUITE_P(Engines, MySuite, StoreEngines(), StoreEngineName);
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace drydock {

class StoreEngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;     // opens store_; a suite that overrides it calls this first
  void TearDown() override;  // closes store_ and removes dir_

  bool IsPostgres() const { return GetParam() == "postgres"; }
  // The store's URL: open it again for a second connection pool ("another process").
  const std::string& Url() const { return url_; }
  // The SQLite file (SQLite only), for a raw connection beside the store's.
  std::filesystem::path SqlitePath() const { return dir_ / "store.db"; }
  // The PostgreSQL database's name (PostgreSQL only), for e2e::PostgresCluster::Execute.
  const std::string& Database() const { return database_; }

  std::unique_ptr<Store> store_;

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::string database_;
};

inline auto StoreEngines() { return ::testing::Values("sqlite", "postgres"); }
inline std::string StoreEngineName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace drydock
