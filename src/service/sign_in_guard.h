#pragma once
// Guards staff sign-in against guessing without letting strangers lock people out (issue 21).
//
// Before, five wrong passwords from anywhere locked any account, administrators included, and the
// lockout answer (429) differed from an unknown email's (401), so accounts could be enumerated.
// Now:
// - Failures are slowed per (typed email, client address): three are free, then each further
//   attempt waits 2, 4, 8 ... up to 300 s after the last failure. The key is the email as typed,
//   whether or not an account has it, so the answer (429 with Retry-After) says nothing about
//   which accounts exist. A stranger slows only their own address.
// - The account lock kept in the database (failed_logins, locked_until; it holds across nodes
//   and against attackers with many addresses) does not apply at the addresses where the account
//   signed in successfully before (the last few, remembered by this node), so the owner at their
//   usual desk is never locked out by someone else's guesses. A locked account is answered as an
//   unknown one (401); administrators unlock it on /admin/users.
// - State is in memory, bounded (entries idle for an hour are dropped; at most kMaxEntries).
//
// Thread-safe. Times are steady-clock instants passed in, so the rules are unit-tested.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tawasul::service {

class SignInGuard {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kFreeFailures = 3;
  static constexpr std::chrono::seconds kMaxWait{300};
  static constexpr std::size_t kMaxEntries = 100000;
  static constexpr std::size_t kFamiliarPerUser = 4;

  // Seconds `address` must still wait before trying `email` again; 0: may try now.
  int WaitFor(std::string_view email, std::string_view address, Clock::time_point now);
  void RecordFailure(std::string_view email, std::string_view address, Clock::time_point now);
  // A successful sign-in: clears the failures and remembers the address as the user's.
  void RecordSuccess(std::string_view email, std::string_view address, std::int64_t user_id);
  // True when `user_id` signed in from `address` before (on this node).
  bool IsFamiliar(std::int64_t user_id, std::string_view address);

 private:
  struct Failures {
    int count = 0;
    Clock::time_point last;
  };
  static std::string Key(std::string_view email, std::string_view address);
  void Sweep(Clock::time_point now);  // holds mu_

  std::mutex mu_;
  std::unordered_map<std::string, Failures> failures_;
  std::unordered_map<std::int64_t, std::vector<std::string>> familiar_;
};

}  // namespace tawasul::service
