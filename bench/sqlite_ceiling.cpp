// The raw SQLite ceiling for durable submissions: how many case rows (plus one history event
// each) this disk can commit per second when inserts are grouped B to a transaction, with the
// same durability settings as the service (journal_mode=WAL, synchronous=FULL: every COMMIT
// waits for the WAL fsync). No HTTP, no JSON, no validation, no hashing: what the service's
// group-commit writer could reach at best with batches of that size.
//
//   sqlite_ceiling --dir DIR [--seconds S] [--batch B]
//
// Creates a fresh database file in DIR (use the directory of the service's benchmark database:
// same disk), inserts for S seconds (default 10) in transactions of B rows (default 64), deletes
// the file and prints one line of JSON:
//   {"batch":B,"rows":N,"seconds":S,"rows_per_sec":R,"sqlite":"3.x.y"}

#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

// Shaped like the service's `cases` and `case_events` tables (src/store/sqlite/migrations), with
// the same unique constraints and secondary indexes, since index upkeep is part of the cost.
constexpr const char* kSchema = R"sql(
CREATE TABLE cases (
  id                     INTEGER PRIMARY KEY,
  reference              TEXT NOT NULL UNIQUE,
  type                   TEXT NOT NULL,
  status                 TEXT NOT NULL,
  entity                 TEXT NOT NULL,
  category               TEXT,
  service                TEXT,
  channel                TEXT NOT NULL,
  language               TEXT NOT NULL,
  subject                TEXT NOT NULL,
  description            TEXT NOT NULL,
  contact_name           TEXT NOT NULL DEFAULT '',
  contact_email          TEXT NOT NULL DEFAULT '',
  contact_phone          TEXT NOT NULL DEFAULT '',
  anonymous              INTEGER NOT NULL DEFAULT 0,
  access_hash            BLOB NOT NULL,
  access_salt            BLOB NOT NULL,
  submitted_at           INTEGER NOT NULL,
  first_response_due_at  INTEGER NOT NULL,
  due_at                 INTEGER NOT NULL
);
CREATE INDEX cases_entity_status_due ON cases(entity, status, due_at);
CREATE INDEX cases_submitted ON cases(submitted_at);
CREATE TABLE case_events (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  seq        INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  public     INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  prev_hash  BLOB NOT NULL,
  hash       BLOB NOT NULL,
  UNIQUE (case_id, seq)
);
)sql";

constexpr const char* kInsertCase =
    "INSERT INTO cases (reference, type, status, entity, category, service, channel, language,"
    " subject, description, contact_name, contact_email, contact_phone, anonymous, access_hash,"
    " access_salt, submitted_at, first_response_due_at, due_at)"
    " VALUES (?1, 'complaint', 'received', ?2, ?3, '', 'web', 'ar', ?4, ?5, ?6, ?7, ?8, 0, ?9,"
    " ?10, ?11, ?12, ?13)";

constexpr const char* kInsertEvent =
    "INSERT INTO case_events (case_id, seq, at, kind, public, actor, body, prev_hash, hash)"
    " VALUES (?1, 1, ?2, 'received', 1, 'citizen', '', ?3, ?4)";

// ~600 bytes a case row, as a typical Arabic submission is stored.
constexpr std::string_view kSubject = "حفرة كبيرة في الشارع رقم 12 بالقرب من المدرسة";
constexpr std::string_view kDescription =
    "توجد حفرة كبيرة في الشارع منذ أسبوعين تسبب خطرا على السيارات والمارة، وقد تقدمت ببلاغ سابق "
    "ولم يتم إصلاحها حتى الآن. أرجو سرعة المعالجة قبل موسم الأمطار. الموقع: مجمع 345، طريق 12.";
constexpr std::array<std::string_view, 4> kEntities = {"MOW", "MOH", "MUN", "EWA"};
constexpr std::array<std::string_view, 4> kCategories = {
    "roads.potholes", "health.appointments", "municipal.waste_collection", "water.quality"};

struct Options {
  std::string dir = ".";
  double seconds = 10;
  int batch = 64;
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "sqlite_ceiling: %s\nusage: sqlite_ceiling --dir DIR [--seconds S] [--batch B]\n",
               why);
  std::exit(2);
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) Usage("missing value");
    const char* v = argv[++i];
    if (a == "--dir") {
      o.dir = v;
    } else if (a == "--seconds") {
      o.seconds = std::strtod(v, nullptr);
    } else if (a == "--batch") {
      o.batch = std::atoi(v);
    } else {
      Usage("unknown option");
    }
  }
  if (o.seconds <= 0 || o.batch < 1) Usage("--seconds and --batch must be positive");
  return o;
}

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Fail("open");
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error(std::string("exec: ") + msg);
    }
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      Fail("prepare");
    return s;
  }
  void Step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) Fail("step");
    sqlite3_reset(s);
  }
  std::int64_t LastRowId() const { return sqlite3_last_insert_rowid(db_); }
  [[noreturn]] void Fail(const char* what) const {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
};

void BindText(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void BindBlob(sqlite3_stmt* s, int i, const void* p, int n) {
  sqlite3_bind_blob(s, i, p, n, SQLITE_STATIC);
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = ParseArgs(argc, argv);
  namespace fs = std::filesystem;
  const fs::path path = fs::path(opt.dir) / ("sqlite-ceiling-" + std::to_string(::getpid()) + "-" +
                                             std::to_string(opt.batch) + ".db");
  auto remove_files = [&] {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      fs::remove(path.string() + suffix, ec);
  };
  remove_files();

  std::uint64_t rows = 0;
  double elapsed = 0;
  try {
    Db db(path.string());
    db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    db.Exec(kSchema);
    sqlite3_stmt* ins_case = db.Prepare(kInsertCase);
    sqlite3_stmt* ins_event = db.Prepare(kInsertEvent);
    sqlite3_stmt* begin = db.Prepare("BEGIN IMMEDIATE");
    sqlite3_stmt* commit = db.Prepare("COMMIT");

    std::array<unsigned char, 32> hash{};
    std::array<unsigned char, 16> salt{};
    std::array<unsigned char, 32> prev{};
    std::uint64_t x = 0x9E3779B97F4A7C15ULL;  // xorshift: distinct, incompressible blobs
    auto fill = [&x](unsigned char* p, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        p[i] = static_cast<unsigned char>(x);
      }
    };
    const std::int64_t now = 1'780'000'000;
    char reference[32];
    char email[48];

    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      db.Step(begin);
      for (int i = 0; i < opt.batch; ++i) {
        const std::uint64_t n = rows + 1;
        std::snprintf(reference, sizeof reference, "26-%07llu-%u",
                      static_cast<unsigned long long>(n), static_cast<unsigned>(n % 10));
        std::snprintf(email, sizeof email, "citizen%llu@example.com",
                      static_cast<unsigned long long>(n));
        fill(hash.data(), hash.size());
        fill(salt.data(), salt.size());
        const std::int64_t at = now + static_cast<std::int64_t>(n);
        BindText(ins_case, 1, reference);
        BindText(ins_case, 2, kEntities[n % kEntities.size()]);
        BindText(ins_case, 3, kCategories[n % kCategories.size()]);
        BindText(ins_case, 4, kSubject);
        BindText(ins_case, 5, kDescription);
        BindText(ins_case, 6, "مواطن");
        BindText(ins_case, 7, email);
        BindText(ins_case, 8, "+97336001234");
        BindBlob(ins_case, 9, hash.data(), static_cast<int>(hash.size()));
        BindBlob(ins_case, 10, salt.data(), static_cast<int>(salt.size()));
        sqlite3_bind_int64(ins_case, 11, at);
        sqlite3_bind_int64(ins_case, 12, at + 2 * 86400);
        sqlite3_bind_int64(ins_case, 13, at + 14 * 86400);
        db.Step(ins_case);

        sqlite3_bind_int64(ins_event, 1, db.LastRowId());
        sqlite3_bind_int64(ins_event, 2, at);
        BindBlob(ins_event, 3, prev.data(), static_cast<int>(prev.size()));
        fill(hash.data(), hash.size());
        BindBlob(ins_event, 4, hash.data(), static_cast<int>(hash.size()));
        db.Step(ins_event);
        ++rows;
      }
      db.Step(commit);
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (elapsed >= opt.seconds) break;
    }
    sqlite3_finalize(ins_case);
    sqlite3_finalize(ins_event);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sqlite_ceiling: %s\n", e.what());
    remove_files();
    return 1;
  }
  remove_files();

  std::printf(
      "{\"batch\":%d,\"rows\":%llu,\"seconds\":%.3f,\"rows_per_sec\":%.0f,\"sqlite\":\"%s\"}\n",
      opt.batch, static_cast<unsigned long long>(rows), elapsed,
      elapsed > 0 ? static_cast<double>(rows) / elapsed : 0.0, sqlite3_libversion());
  return 0;
}
