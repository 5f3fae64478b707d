#include "postgres_fixture.h"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace drydock::e2e {
namespace {

namespace fs = std::filesystem;

// The newest installed server's bin directory (Debian: /usr/lib/postgresql/15/bin).
std::string ServerBinaries() {
  std::string best;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && bin.string() > best) best = bin.string();
  }
  return best;
}

int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

PostgresCluster::PostgresCluster() : bin_(ServerBinaries()), port_(FreeLoopbackPort()) {
  if (bin_.empty()) {
    error_ = "no PostgreSQL server under /usr/lib/postgresql (install the Debian postgresql package)";
    return;
  }
  char pattern[] = "/tmp/drydock-pg-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = pattern;
  if (::geteuid() == 0) {
    const passwd* postgres = ::getpwnam("postgres");
    if (postgres == nullptr || ::chown(dir_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
      error_ = "no postgres user to own " + dir_;
      return;
    }
  }
  // initdb takes seconds; a copy of a cluster it made once (never started) a fraction of one. The first test
  // binary leaves that copy in /tmp for the others, made under a temporary name and renamed into place.
  const std::string template_dir = "/tmp/drydock-pg-template-" + fs::path(bin_).parent_path().filename().string();
  if (fs::exists(template_dir + "/PG_VERSION")) {
    if (Run("cp -a " + template_dir + " " + dir_ + "/data") != 0) {
      error_ = "copying the cluster template " + template_dir + " failed";
      return;
    }
  } else {
    if (Run(bin_ + "/initdb -D " + dir_ + "/data -A trust -U postgres --no-sync -E UTF8 --locale=C >" + dir_ +
            "/initdb.log 2>&1") != 0) {
      error_ = "initdb failed: " + ReadFile(dir_ + "/initdb.log");
      return;
    }
    const std::string staging = template_dir + "." + std::to_string(::getpid());
    std::error_code ignored;
    if (Run("cp -a " + dir_ + "/data " + staging) != 0 || ::rename(staging.c_str(), template_dir.c_str()) != 0) {
      fs::remove_all(staging, ignored);  // another binary made it first, or /tmp is full: next time
    }
  }
  // Durability off: a test cluster trades crash safety for speed.
  const std::string options = "-p " + std::to_string(port_) + " -k " + dir_ +
                              " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                              " -c full_page_writes=off -c max_connections=200";
  if (Run(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/server.log -w -t 60 -o '" + options +
          "' start >/dev/null 2>&1") != 0) {
    error_ = "pg_ctl start failed: " + ReadFile(dir_ + "/server.log");
    return;
  }
  up_ = true;
}

bool PostgresCluster::Restart() {
  return up_ && Run(bin_ + "/pg_ctl -D " + dir_ + "/data -m fast -w -t 60 restart >/dev/null 2>&1") == 0;
}

PostgresCluster::~PostgresCluster() {
  if (up_) Run(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop >/dev/null 2>&1");
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
}

PostgresCluster& PostgresCluster::Shared() {
  static PostgresCluster cluster;
  return cluster;
}

int PostgresCluster::Run(const std::string& command) {
  // runuser keeps no tty and needs no password; the shell command runs in the cluster's directory.
  const std::string line =
      ::geteuid() == 0 ? "cd " + dir_ + " && runuser -u postgres -- sh -c \"" + command + "\"" : command;
  return std::system(line.c_str());
}

std::string PostgresCluster::Execute(const std::string& name, const std::string& sql) {
  std::string error;
  Rows(name, sql, &error);
  return error;
}

std::vector<std::vector<std::string>> PostgresCluster::Rows(const std::string& name, const std::string& sql,
                                                            std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  const std::string url = "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    *error = PQerrorMessage(conn.get());
    return {};
  }
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    *error = PQresultErrorMessage(result.get());
    return {};
  }
  error->clear();
  std::vector<std::vector<std::string>> rows(PQntuples(result.get()));
  for (int r = 0; r < PQntuples(result.get()); ++r) {
    for (int c = 0; c < PQnfields(result.get()); ++c) rows[r].emplace_back(PQgetvalue(result.get(), r, c));
  }
  return rows;
}

std::string PostgresCluster::NewDatabase(const std::string& name) {
  if (!up_) return "";
  if (!Execute("postgres", "DROP DATABASE IF EXISTS \"" + name + "\"").empty()) return "";
  if (!Execute("postgres", "CREATE DATABASE \"" + name + "\"").empty()) return "";
  return "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string NewStoreUrl(const std::string& engine, const std::string& name, const std::string& sqlite_dir,
                        std::string* error) {
  if (engine == "sqlite") {
    fs::create_directories(sqlite_dir + "/" + name);
    return "sqlite:" + sqlite_dir + "/" + name + "/store.db";
  }
  PostgresCluster& cluster = PostgresCluster::Shared();
  if (!cluster.Up()) {
    if (error != nullptr) *error = cluster.Error();
    return "";
  }
  return cluster.NewDatabase(name);
}

}  // namespace drydock::e2e
