#include "store/pg_db.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <vector>

namespace drydock {
namespace {

constexpr Oid kInt8Oid = 20;  // pg_type.oid of bigint
constexpr Oid kUnknownOid = 0;  // text: the server infers the type from where the parameter stands

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Retryable states (a lost connection, a serialization failure, a deadlock, a lock or statement timeout) are
// kUnavailable; integrity violations (class 23) kConflict.
std::unexpected<Error> PgFail(PGconn* conn, const PGresult* result, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = state != nullptr ? state : "";
  ErrorCode code = ErrorCode::kInternal;
  if (sqlstate.starts_with("23")) code = ErrorCode::kConflict;
  if (sqlstate.starts_with("08") || sqlstate.starts_with("40") || sqlstate.starts_with("57") ||
      sqlstate == "55P03" || PQstatus(conn) != CONNECTION_OK) {
    code = ErrorCode::kUnavailable;
  }
  std::string message = Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  if (message.empty()) message = Trimmed(PQerrorMessage(conn));
  return FailWith(code, "{}: {}", what, message);
}

std::int64_t AffectedRows(const PGresult* result) {
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
  return tuples != nullptr && *tuples != '\0' ? std::strtoll(tuples, nullptr, 10) : 0;
}

class PgStatement final : public SqlStatementImpl {
 public:
  PgStatement(PgDb& db, std::string sql, int parameters)
      : db_(db), sql_(std::move(sql)), values_(parameters), types_(parameters, kUnknownOid) {}
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;
  ~PgStatement() override { PQclear(result_); }

  void BindText(int index, std::string_view text) override { Set(index, std::string(text), kUnknownOid); }
  void BindInt(int index, std::int64_t value) override { Set(index, std::to_string(value), kInt8Oid); }

  Result<bool> Step() override {
    if (!bind_error_.empty()) return FailWith(ErrorCode::kInternal, "store query: {}", bind_error_);
    if (result_ == nullptr) {
      if (auto ran = Execute(); !ran) return std::unexpected(ran.error());
      row_ = -1;
    }
    if (row_ < rows_) ++row_;
    return row_ < rows_;
  }
  void Reset() override {
    PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
  }

  std::string Text(int column) const override {
    if (result_ == nullptr || row_ < 0 || row_ >= rows_ || column >= PQnfields(result_)) return "";
    return std::string(PQgetvalue(result_, row_, column), PQgetlength(result_, row_, column));
  }
  std::int64_t Int(int column) const override { return std::strtoll(Text(column).c_str(), nullptr, 10); }

 private:
  void Set(int index, std::string value, Oid type) {
    Reset();
    if (index < 1 || index > static_cast<int>(values_.size())) {
      bind_error_ = fmt::format("parameter {} out of range (the statement has {})", index, values_.size());
      return;
    }
    values_[index - 1] = std::move(value);
    types_[index - 1] = type;
  }

  Status Execute() {
    auto conn = db_.Connection();
    if (!conn) return std::unexpected(conn.error());
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const std::string& value : values_) values.push_back(value.c_str());
    PGresult* result = PQexecParams(*conn, sql_.c_str(), static_cast<int>(values.size()), types_.data(),
                                    values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      auto failed = PgFail(*conn, result, "store query");
      PQclear(result);
      return failed;
    }
    result_ = result;
    rows_ = status == PGRES_TUPLES_OK ? PQntuples(result) : 0;
    db_.SetChanges(AffectedRows(result));
    return {};
  }

  PgDb& db_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<Oid> types_;
  std::string bind_error_;
  PGresult* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
};

void IgnoreNotice(void*, const char*) {}  // "relation already exists, skipping": library code prints nothing

}  // namespace

Result<std::unique_ptr<PgDb>> PgDb::Open(const std::string& url) {
  // The URL's own settings win over these defaults (later keywords override earlier ones).
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "drydock", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return FailWith(ErrorCode::kUnavailable, "PostgreSQL: out of memory");
  std::unique_ptr<PgDb> db(new PgDb(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return FailWith(ErrorCode::kUnavailable, "connecting to PostgreSQL: {}", Trimmed(PQerrorMessage(conn)));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return db;
}

PgDb::~PgDb() { PQfinish(conn_); }

Result<pg_conn*> PgDb::Connection() {
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return FailWith(ErrorCode::kUnavailable, "reconnecting to PostgreSQL: {}", Trimmed(PQerrorMessage(conn_)));
    }
  }
  return conn_;
}

Status PgDb::Exec(std::string_view sql) {
  auto conn = Connection();
  if (!conn) return std::unexpected(conn.error());
  PGresult* result = PQexec(*conn, std::string(sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  Status done;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) done = PgFail(*conn, result, "store");
  PQclear(result);
  return done;
}

Result<SqlStatement> PgDb::Prepare(std::string_view sql) {
  int parameters = 0;
  std::string text = PostgresPlaceholders(sql, &parameters);
  return SqlStatement(std::make_unique<PgStatement>(*this, std::move(text), parameters));
}

Status PgDb::Begin(TxMode) {
  // Row locks come from the statements (FOR UPDATE SKIP LOCKED, upserts); READ COMMITTED is enough for them.
  return Exec("BEGIN");
}

}  // namespace drydock
