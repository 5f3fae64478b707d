#include "store/store_test_fixture.h"

#include <unistd.h>

#include <cctype>

#include "postgres_fixture.h"

namespace drydock {

void StoreEngineTest::SetUp() {
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

void StoreEngineTest::TearDown() {
  store_.reset();
  std::filesystem::remove_all(dir_);
}

}  // namespace drydock
