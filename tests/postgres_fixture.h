// A throwaway PostgreSQL cluster for tests: initdb + pg_ctl from the Debian `postgresql` package, run as the
// `postgres` OS user when the tests run as root (initdb refuses root), listening on a free 127.0.0.1 port with
// its data and socket in a temporary directory; stopped and removed when destroyed.
#pragma once

#include <string>
#include <vector>

namespace drydock::e2e {

class PostgresCluster {
 public:
  PostgresCluster();
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // One cluster per test binary, started on first use and stopped at exit.
  static PostgresCluster& Shared();

  bool Up() const { return up_; }
  std::string Error() const { return error_; }  // why it is not up, with the server's log
  int port() const { return port_; }
  // Restarts the server (pg_ctl restart -m fast): every open connection breaks. True when it is back.
  bool Restart();
  // Creates an empty database `name` (dropping one left over) and returns its URL,
  // "postgres://postgres@127.0.0.1:PORT/NAME"; "" when that failed.
  std::string NewDatabase(const std::string& name);
  // Runs `sql` in database `name`; the error message, "" on success.
  std::string Execute(const std::string& name, const std::string& sql);
  // The rows `sql` returns in database `name`, as text (empty on an error, which `error` receives).
  std::vector<std::vector<std::string>> Rows(const std::string& name, const std::string& sql,
                                             std::string* error = nullptr);

 private:
  int Run(const std::string& command);  // a shell command, as the postgres user when we are root

  std::string dir_, bin_, error_;
  int port_ = 0;
  bool up_ = false;
};

// The engines an end-to-end suite runs on (INSTANTIATE_TEST_SUITE_P(Engines, Suite, ::testing::ValuesIn(...))).
inline const std::vector<std::string> kStoreEngines = {"sqlite", "postgres"};

// A new, empty store for `engine`: "sqlite:DIR/NAME/store.db", or a new database NAME in the binary's shared
// cluster (PostgresCluster::Shared(), started on first use). "" when the cluster is not up (`error` says why).
std::string NewStoreUrl(const std::string& engine, const std::string& name, const std::string& sqlite_dir,
                        std::string* error = nullptr);

}  // namespace drydock::e2e
