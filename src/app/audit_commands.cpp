// `tawasul audit verify | keygen | checkpoint` and the scheduler's checkpoint step
// (docs/audit.md).
//
// Invariants: the signing key is read from a file outside the database and never written to
// it (only the public key is); keygen never overwrites a file and creates the secret one 0600;
// verify checks a checkpoint against the public key it is GIVEN (a key named in the database or
// in the file itself proves nothing); every failure found is printed, and any makes the exit
// status 2.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "domain/checkpoint.h"
#include "service/checkpoints.h"

namespace tawasul::app {

namespace {

constexpr std::string_view kKeyMagic = "tawasul-signing-key 1";

std::string ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(std::string("cannot read the ") + what + " " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value of a "name: value" line of `text`, or "".
std::string Field(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
  }
  return "";
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

void WriteNew(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw std::invalid_argument("cannot create " + path + " (it must not exist)");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) throw std::runtime_error("cannot write " + path);
}

}  // namespace

service::SigningKey LoadSigningKey(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    spdlog::warn("the checkpoint key {} is readable by others (chmod 600 it)", path);
  }
  std::string text = ReadFile(path, "checkpoint key");
  auto secret = domain::FromHex(Field(text, "secret_key"));
  if (text.rfind(kKeyMagic, 0) != 0 || !secret || secret->size() != crypto_sign_SECRETKEYBYTES) {
    throw std::invalid_argument(path + " is not a key written by tawasul audit keygen");
  }
  service::SigningKey key;
  key.secret = *secret;
  key.public_key.resize(crypto_sign_PUBLICKEYBYTES);
  crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char*>(key.public_key.data()),
                               reinterpret_cast<const unsigned char*>(key.secret.data()));
  return key;
}

int RunAuditKeygen(const AuditOptions& o) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  const std::string pub = domain::ToHex(std::string_view(reinterpret_cast<char*>(pk), sizeof pk));
  const std::string sec = domain::ToHex(std::string_view(reinterpret_cast<char*>(sk), sizeof sk));
  sodium_memzero(sk, sizeof sk);
  WriteNew(o.out, std::string(kKeyMagic) + "\nsecret_key: " + sec + "\npublic_key: " + pub + "\n",
           0600);
  WriteNew(o.out + ".pub", pub + "\n", 0644);
  std::cout << "key written to " << o.out << " (keep it off the database server's backups); "
            << "public key in " << o.out << ".pub: " << pub << "\n";
  return 0;
}

int RunAuditCheckpoint(const Config& config, const AuditOptions& o) {
  if (config.checkpoint_key.empty()) throw std::invalid_argument("--key is required");
  auto key = LoadSigningKey(config.checkpoint_key);
  auto store = OpenMigratedStore(config);
  auto c = service::WriteCheckpoint(*store, key, domain::Now());
  store->Close();
  const std::string text = domain::FormatCheckpoint(c);
  if (!o.out.empty() && o.out != "-") {
    WriteNew(o.out, text, 0644);
    std::cout << "checkpoint of " << c.cases << " cases as of event " << c.event_cutoff
              << " written to " << o.out << "\n";
  } else {
    std::cout << text;
  }
  return 0;
}

int RunAuditVerify(const Config& config, const AuditOptions& o) {
  std::optional<domain::Checkpoint> checkpoint;
  std::string public_key;
  if (!o.checkpoint.empty()) {
    if (o.public_key.empty()) throw std::invalid_argument("--checkpoint needs --public-key");
    checkpoint = domain::ParseCheckpoint(ReadFile(o.checkpoint, "checkpoint"));
    if (!checkpoint) throw std::invalid_argument(o.checkpoint + " is not a tawasul checkpoint");
    std::string pk_text = ReadFile(o.public_key, "public key");
    public_key = Field(pk_text, "public_key");
    if (public_key.empty()) public_key = Trim(pk_text);
  }
  auto store = OpenMigratedStore(config);
  auto r = store->VerifyHistory();
  auto missing = store->MissingAppendOnlyTriggers();
  std::optional<service::CheckpointVerdict> verdict;
  if (checkpoint) verdict = service::VerifyCheckpoint(*store, *checkpoint, public_key);
  store->Close();
  bool ok = r.ok && missing.empty() && (!verdict || verdict->ok);
  if (!r.ok && r.broken_seq > 0) {
    std::cerr << "tawasul: history broken in case " << r.broken_reference << " at event "
              << r.broken_seq << ": " << r.reason << "\n";
  } else if (!r.ok) {
    std::cerr << "tawasul: " << r.broken_reference << ": " << r.reason << "\n";
  }
  for (const auto& t : missing) {
    std::cerr << "tawasul: append-only trigger " << t
              << " is missing (tawasul migrate restores it)\n";
  }
  if (verdict && !verdict->ok) {
    std::cerr << "tawasul: checkpoint " << o.checkpoint << ": "
              << (verdict->reference.empty() ? "" : verdict->reference + ": ") << verdict->reason
              << "\n";
  }
  if (r.ok) {
    std::cout << "history intact: " << r.cases << " cases, " << r.events << " events";
    if (r.not_covered > 0) {
      std::cout << "; " << r.not_covered
                << " cases not covered (from before the submission digest)";
    }
    std::cout << "\n";
  }
  if (verdict && verdict->ok) {
    std::cout << "checkpoint verified: " << checkpoint->cases << " cases as of event "
              << checkpoint->event_cutoff << ", root " << checkpoint->root << "\n";
  }
  return ok ? 0 : 2;
}

std::function<void()> CheckpointStep(const Config& config, store::Store& store) {
  if (config.checkpoint_key.empty()) return nullptr;
  auto key = LoadSigningKey(config.checkpoint_key);  // at start: a bad key stops serve at once
  const auto every =
      std::chrono::seconds(static_cast<std::int64_t>(config.checkpoint_hours * 3600));
  return [key, every, &store] {
    try {
      auto last = store.LastCheckpointAt();
      const auto now = domain::Now();
      if (last && now - *last < every) return;
      auto c = service::WriteCheckpoint(store, key, now);
      spdlog::info("audit: checkpoint of {} cases as of event {}, root {}", c.cases, c.event_cutoff,
                   c.root);
    } catch (const std::exception& e) {
      spdlog::error("audit: checkpoint failed: {}", e.what());
    }
  };
}

}  // namespace tawasul::app
