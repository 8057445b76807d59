#pragma once
// Limits on anonymous intake (issue 21): how many cases one client address, and one contact
// (email or phone), may submit. Without them one scanner created ~7,000 cases in minutes and moved
// the published "received" figure from ~300 to 24,554.
//
// Invariants:
// - Only anonymous submissions are limited; staff entering cases for callers are not (their
//   sessions are accountable, and a call centre sends many cases from one address).
// - A valid submission takes one token from its address's bucket and one from each contact's
//   (email, phone) bucket; a refused one takes nothing more. Invalid submissions take nothing:
//   they store nothing.
// - The budgets are generous for people behind one shared address (a ministry office, a mobile
//   operator's NAT): a burst of 20 and 30 more an hour by default; a contact may send 5 at once
//   and 10 a day. docs/operations.md lists the flags.
// - Files stored ahead of a case (the /submit review step) count against a byte budget per
//   address, so that nobody fills the disk with uploads no case will ever refer to (eight review
//   steps once wrote 210 MB in 7 s); the sweeper removes such files after the grace period.
//   A second budget counts them for every address together (many addresses, one disk): refilled
//   over the grace period, it bounds what lies on disk unreferenced to twice its size.
// - Buckets live in memory, per node: a restart or another node gives a fresh allowance, which
//   bounds the damage per node without a write per submission.

#include <string>

#include "domain/case.h"
#include "http/rate_limit.h"

namespace tawasul::service {

struct IntakeLimitOptions {
  double per_address_per_hour = 30;  // 0 disables the address limit
  double per_address_burst = 20;
  double per_contact_per_day = 10;  // 0 disables the contact limit
  double per_contact_burst = 5;
  // Attachment bytes one address may store before a case refers to them (the /submit review
  // step keeps files for the next step): 100 MiB, refilled over an hour. 0 disables it.
  double upload_bytes_per_address_per_hour = 100.0 * 1024 * 1024;
  // The same bytes, all addresses together, per `unreferenced_window` (the attachment files'
  // grace period, after which the sweeper removes what no case refers to): at most twice this
  // lies on disk unreferenced. 0 disables it.
  double unreferenced_upload_bytes = 4096.0 * 1024 * 1024;
  double unreferenced_window_hours = 24;
};

class IntakeLimits {
 public:
  explicit IntakeLimits(IntakeLimitOptions options);

  // Takes the tokens of one submission from `address` with `draft`'s contact. Returns 0 when
  // allowed, else the seconds until it would be (>= 1), taking nothing.
  int Take(const std::string& address, const domain::CaseDraft& draft);
  // Takes `bytes` of upload allowance from `address` and from the global quota of files no case
  // refers to yet: 0 when both allow it, else seconds to wait, taking nothing.
  int TakeUploadBytes(const std::string& address, std::size_t bytes);

 private:
  http::RateLimiter per_address_;
  http::RateLimiter per_contact_;
  http::RateLimiter upload_bytes_;
  http::RateLimiter unreferenced_bytes_;  // one key: every address
};

}  // namespace tawasul::service
