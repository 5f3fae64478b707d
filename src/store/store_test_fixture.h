// The store tests' fixture: each test runs once per engine with the same assertions, on a store of its own:
// SQLite on a real file in a fresh temporary directory, PostgreSQL in a fresh database of the test binary's
// throwaway cluster (tests/postgres_fixture). A suite derives from StoreEngineTest and instantiates with
//   INSTANTIATE_TEST_SUITE_P(Engines, MySuite, StoreEngines(), StoreEngineName);
// Header-only: a test file that uses it needs nothing more in CMake than its own name.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <memory>
#include <string>

#include "postgres_fixture.h"
#include "store/store.h"

namespace drydock {

class StoreEngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Opens store_; a suite that overrides it calls this first.
  void SetUp() override {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(test->test_suite_name()) + "-" + test->name();
    for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    dir_ = std::filesystem::temp_directory_path() / ("drydock-store-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    if (IsPostgres()) {
      e2e::PostgresCluster& cluster = e2e::PostgresCluster::Shared();
      ASSERT_TRUE(cluster.Up()) << cluster.Error();
      static int databases = 0;  // one binary, one counter: names stay unique and under PostgreSQL's 63 bytes
      database_ = "store_" + std::to_string(::getpid()) + "_" + std::to_string(++databases);
      url_ = cluster.NewDatabase(database_);
      ASSERT_FALSE(url_.empty());
    } else {
      url_ = "sqlite:" + SqlitePath().string();
    }
    auto store = OpenStore(url_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  // Closes store_ and removes the temporary directory.
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

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
