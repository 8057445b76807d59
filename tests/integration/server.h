// Black-box integration test fixture: starts the real `tawasul` binary on a free loopback port
// with a scratch database directory, and talks HTTP to it through libcurl.
//
// Every test owns its server (ctest runs tests in parallel, one process each): a Server creates
// its own directory under /tmp, starts `tawasul serve --listen 127.0.0.1:0`, reads the port from
// the URL line the server prints on stdout (redirected to a file in the directory), and on
// destruction stops it with SIGTERM (expecting exit status 0) and removes the directory.
//
// Backends: the whole suite runs twice (tests/CMakeLists.txt). By default each test's database
// is SQLite (`sqlite:<dir>/t.db`); with TAWASUL_TEST_BACKEND=postgres it is a fresh database
// created for the test on the throwaway cluster whose base URL is in the file named by
// TAWASUL_TEST_PG_URL_FILE (scripts/pg-test-cluster), dropped afterwards. Tests reach the
// database only through database_url(), CliDatabaseArgs() and the Sql* helpers, so the same test
// runs on both.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tawasul_test {

using Json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// The database under test.

// True when this run's backend is PostgreSQL (TAWASUL_TEST_BACKEND=postgres).
bool IsPostgres();

// One scratch database: SQLite `dir`/t.db, or on PostgreSQL a new database `tawasul_it_<random>`
// on the test cluster, dropped (WITH (FORCE)) by the destructor. The secret file is `dir`/t.db.key
// on both (the SQLite default; PostgreSQL requires one). `dir` must exist and outlive it.
class TestDatabase {
 public:
  explicit TestDatabase(const std::string& dir);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // "sqlite:<path>" or "postgres://postgres@127.0.0.1:PORT/<name>".
  const std::string& url() const { return url_; }
  const std::string& secret_file() const { return secret_file_; }
  // "--database URL --secret-file FILE", for `tawasul` command lines.
  std::string CliArgs() const;

 private:
  std::string url_;
  std::string secret_file_;
  std::string pg_admin_url_;  // the cluster's base URL (PostgreSQL only)
  std::string pg_name_;       // the database's name (PostgreSQL only)
};

// Backend-neutral SQL on a database URL (sqlite3 or libpq by its scheme). Each call opens its own
// connection. An error is a test failure (ADD_FAILURE) and yields "" / -1.
// SqlText: the first column of every row, joined by "\n" (NULL as ""). SqlInt: the first column of
// the first row. SqlExec: any statements, `;`-separated.
std::string SqlText(const std::string& database_url, const std::string& sql);
std::int64_t SqlInt(const std::string& database_url, const std::string& sql);
void SqlExec(const std::string& database_url, const std::string& sql);

// SQL fragments that differ between the backends.
// The text of a top-level field of a JSON text (or jsonb) column.
std::string SqlJsonField(const std::string& column, const std::string& key);
// Now as integer Unix seconds.
std::string SqlNowEpoch();
// Counts the (case, clock) pairs with more than one "breached" event (there must be none).
std::string DuplicateBreachesSql();

// ---------------------------------------------------------------------------------------------
// The server under test.

class Server;

struct ServerOptions {
  bool demo = true;                     // --demo --demo-cases 0
  int threads = 2;                      // --threads
  std::vector<std::string> extra_args;  // e.g. {"--failed-lookups-per-minute", "5"}
  // Keep the anonymous intake limits (service/intake_limits.h). Off by default: most suites
  // submit many cases from one loopback address; intake_limits_test.cpp tests them.
  bool intake_limits = false;
  // Serve the database (and secret file) of another Server instead of a new one: several
  // nodes on one database. The other Server must outlive this one.
  const Server* share_database_of = nullptr;
  // --access-log: "off" (most suites), or a file (privacy_test.cpp reads it).
  std::string access_log = "off";
};

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Starts the binary and waits (up to 60 s: it may be an ASan build) until it prints its URL
  // and answers /healthz. Throws std::runtime_error (with the server's stderr) on failure.
  // May be called again after Stop() or Kill(): the same database is reused.
  void Start();

  // SIGTERM, then waits for the exit (up to 60 s, then SIGKILL). Unless expect_clean is false,
  // records a test failure when the exit status is not 0. Returns the raw wait status.
  int Stop(bool expect_clean = true);

  // SIGKILL and reap: a crash.
  void Kill();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }
  // The SQLite file ("" on PostgreSQL; prefer database_url() and the Sql* helpers).
  std::string database_path() const;
  // "sqlite:<path>" or the PostgreSQL URL of this server's database.
  const std::string& database_url() const { return database_->url(); }
  const std::string& secret_file() const { return database_->secret_file(); }
  // "--database URL --secret-file FILE", for `tawasul` command lines on this server's database.
  std::string CliDatabaseArgs() const { return database_->CliArgs(); }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // SQL on this server's database (see the free functions above).
  static bool IsPostgres() { return tawasul_test::IsPostgres(); }
  std::string SqlText(const std::string& sql) const {
    return tawasul_test::SqlText(database_url(), sql);
  }
  std::int64_t SqlInt(const std::string& sql) const {
    return tawasul_test::SqlInt(database_url(), sql);
  }
  void SqlExec(const std::string& sql) const { tawasul_test::SqlExec(database_url(), sql); }

  // Last bytes of the server's standard error (for failure messages).
  std::string StderrTail(std::size_t max_bytes = 4000) const;

 private:
  ServerOptions options_;
  std::string dir_;
  std::shared_ptr<TestDatabase> database_;  // shared by the nodes of one database
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

// ---------------------------------------------------------------------------------------------
// HTTP client: one libcurl easy handle (so one keep-alive connection) per Http object.
// Not thread-safe: use one Http per thread.

struct Response {
  long status = 0;                                  // 0: transport error (see error)
  std::multimap<std::string, std::string> headers;  // names in lowercase
  std::string body;
  std::string error;  // curl's message on transport error

  // First value of a header, or "" when absent. `name` is matched case-insensitively.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  std::vector<std::string> HeaderValues(std::string_view name) const;
  // Parses the body as JSON; a discarded value (is_discarded()) when it is not JSON.
  Json JsonBody() const;
  // The media type of Content-Type, lowercased, without parameters.
  std::string MediaType() const;
  // The value of a cookie set by this response's Set-Cookie headers.
  std::optional<std::string> SetCookie(std::string_view name) const;
  // A one-line summary for assertion messages: status, content-type and the start of the body.
  std::string Describe() const;
};

using Headers = std::vector<std::string>;  // "Name: value"
using Fields = std::vector<std::pair<std::string, std::string>>;

class Http {
 public:
  explicit Http(int port);
  explicit Http(const Server& server) : Http(server.port()) {}
  ~Http();
  Http(const Http&) = delete;
  Http& operator=(const Http&) = delete;

  // `path` is sent as is (percent-encode it yourself; see EncodePathSegment). `cookies` is the
  // value of a Cookie header ("a=1; b=2"), empty for none. A non-empty body is sent for any
  // method; "Expect:" is always disabled.
  Response Request(const std::string& method, const std::string& path, const std::string& body = "",
                   const Headers& headers = {}, const std::string& cookies = "");

  Response Get(const std::string& path, const Headers& headers = {},
               const std::string& cookies = "");
  Response PostJson(const std::string& path, const Json& body, const Headers& headers = {});
  Response PostRaw(const std::string& path, const std::string& body,
                   const std::string& content_type, const Headers& headers = {});
  Response PostForm(const std::string& path, const Fields& fields, const std::string& cookies,
                    const Headers& headers = {});

  void set_timeout_seconds(long s) { timeout_seconds_ = s; }

 private:
  void* curl_ = nullptr;  // CURL*
  int port_;
  long timeout_seconds_ = 60;
};

// ---------------------------------------------------------------------------------------------
// The demo catalogue (data/demo/catalogue.json), read once.

struct Catalogue {
  Json raw;
  std::string complaint_category;   // allows every type
  std::string complaint_entity;     // its entity
  std::string restricted_category;  // does not allow `disallowed_type`
  std::string disallowed_type;
  std::string other_entity;  // an entity other than complaint_entity
  std::string service_code;
  std::vector<std::string> entity_codes;

  static const Catalogue& Get();
  // Category codes of `entity` (and allowing `type` when non-empty).
  std::vector<std::string> CategoriesOf(const std::string& entity,
                                        const std::string& type = "") const;
  bool HasService(const std::string& code) const;
};

// ---------------------------------------------------------------------------------------------
// Helpers shared by the test files.

// A valid English complaint body (email contact) for Catalogue::complaint_category.
Json ValidCaseBody();
// A valid Arabic complaint body (no language given).
Json ValidArabicCaseBody();

// POST /api/v1/cases.
Response SubmitCase(Http& http, const Json& body);
// The receipt after sending the /submit form (POST/redirect/GET, web/receipt.h): when `posted` is
// the 303 to /submit/receipt, GETs it with the receipt cookie it set; otherwise `posted` itself.
Response FollowReceipt(Http& http, const Response& posted);
// GET /api/v1/cases/{path_reference} with X-Access-Code (no header when code is nullopt).
Response LookupCase(Http& http, const std::string& path_reference,
                    const std::optional<std::string>& code);

// References "YY-NNNNNNN-C".
bool LooksLikeReference(const std::string& s);
// RFC 3339 date-time "YYYY-MM-DDTHH:MM:SS[.frac]" followed by exactly `offset` (e.g. "+03:00").
bool IsRfc3339WithOffset(const std::string& s, const std::string& offset);
// Non-empty and ASCII digits only.
bool IsDigits(const std::string& s);
int DammCheckDigit(std::string_view digits);
struct ParsedReference {
  int year2 = 0;
  std::uint64_t sequence = 0;
  int check = 0;
};
std::optional<ParsedReference> ParseCanonicalReference(const std::string& s);
std::string MakeReference(int year2, std::uint64_t sequence);  // with a correct check digit

// ASCII digits → Arabic-Indic digits (U+0660..U+0669); everything else unchanged.
std::string ToArabicIndicDigits(const std::string& s);
// Percent-encodes everything except RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view s);
inline std::string EncodePathSegment(std::string_view s) { return PercentEncode(s); }
std::string FormEncode(const Fields& fields);

// `n` copies of a string.
std::string Repeat(std::string_view s, std::size_t n);

// problem+json checks: status, media type, body fields, request_id (non-empty, equal to the
// X-Request-Id header). Returns the parsed body (discarded on failure). Use with
// EXPECT_NO_FATAL_FAILURE / check HasFailure() as needed.
Json ExpectProblem(const Response& r, long status);
// True when errors[] holds an entry {field, code} (and a non-empty message).
bool HasFieldError(const Json& problem, const std::string& field, const std::string& code);
std::string ErrorsSummary(const Json& problem);

// GET /healthz answers 200 (records a failure otherwise). Uses a fresh connection.
void ExpectHealthy(const Server& server);

// A `tawasul` command run to its end: `args` is a shell command line after the binary's path
// (quote what needs it), e.g. "outbox list --format jsonl " + server.CliDatabaseArgs().
struct CliOutput {
  int status = -1;  // the exit status, or -1 when it did not exit normally
  std::string out;  // standard output
  std::string err;  // standard error
};
CliOutput RunTawasul(const std::string& args);

// HTML helpers.
std::string HtmlEscape(std::string_view s);
// Value of <input ... name="NAME" ... value="..."> (first match), or nullopt.
std::optional<std::string> FormInputValue(const std::string& html, const std::string& name);
// Text content (tags stripped, whitespace-trimmed) of the element with id="ID", or nullopt.
std::optional<std::string> ElementTextById(const std::string& html, const std::string& id);

}  // namespace tawasul_test
