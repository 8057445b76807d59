// Sign-in backoff and familiar addresses; see sign_in_guard.h.

#include "service/sign_in_guard.h"

#include <algorithm>

namespace tawasul::service {

std::string SignInGuard::Key(std::string_view email, std::string_view address) {
  std::string key;
  key.reserve(email.size() + address.size() + 1);
  for (char c : email) key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  key.push_back('\n');  // cannot occur in either part
  key.append(address);
  return key;
}

int SignInGuard::WaitFor(std::string_view email, std::string_view address, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(Key(email, address));
  if (it == failures_.end() || it->second.count < kFreeFailures) return 0;
  const int doublings = std::min(it->second.count - kFreeFailures, 16);
  auto wait = std::min(std::chrono::seconds(std::int64_t{2} << doublings), kMaxWait);
  auto ready = it->second.last + wait;
  if (now >= ready) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(ready - now).count());
}

void SignInGuard::RecordFailure(std::string_view email, std::string_view address,
                                Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= kMaxEntries) Sweep(now);
  if (failures_.size() >= kMaxEntries) return;  // still full: fail open, the other limits hold
  Failures& f = failures_[Key(email, address)];
  f.count++;
  f.last = now;
}

void SignInGuard::RecordSuccess(std::string_view email, std::string_view address,
                                std::int64_t user_id) {
  std::lock_guard lock(mu_);
  failures_.erase(Key(email, address));
  if (familiar_.size() >= kMaxEntries) familiar_.clear();
  auto& list = familiar_[user_id];
  list.erase(std::remove(list.begin(), list.end(), address), list.end());
  list.insert(list.begin(), std::string(address));
  if (list.size() > kFamiliarPerUser) list.resize(kFamiliarPerUser);
}

bool SignInGuard::IsFamiliar(std::int64_t user_id, std::string_view address) {
  std::lock_guard lock(mu_);
  auto it = familiar_.find(user_id);
  return it != familiar_.end() &&
         std::find(it->second.begin(), it->second.end(), address) != it->second.end();
}

void SignInGuard::Sweep(Clock::time_point now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    if (now - it->second.last > std::chrono::hours(1)) {
      it = failures_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace tawasul::service
