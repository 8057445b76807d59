// Staff second factor; see staff_mfa.h.

#include "service/staff_mfa.h"

#include "domain/time.h"
#include "domain/totp.h"
#include "domain/webhooks.h"

namespace tawasul::service {

namespace {

constexpr const char* kIssuer = "Tawasul";

std::int64_t UnixNow() { return domain::Now().time_since_epoch().count(); }

std::optional<std::string> OpenSecret(const AppContext& ctx, const std::string& sealed) {
  if (sealed.empty()) return std::nullopt;
  return domain::OpenWebhookSecret(ctx.pepper, sealed);
}

}  // namespace

bool MfaRequired(const store::UserRecord& user, bool admin_mfa, bool entity_requires,
                 bool enabled) {
  return enabled || entity_requires || (admin_mfa && user.role == domain::Role::kAdmin);
}

bool StartEnrolment(const AppContext& ctx, std::int64_t user_id) {
  std::string sealed = domain::SealWebhookSecret(ctx.pepper, domain::NewTotpSecret());
  return ctx.store.Mfa().SetPendingMfa(user_id, sealed, domain::Now());
}

std::optional<PendingEnrolment> FindPendingEnrolment(const AppContext& ctx,
                                                     const store::UserRecord& user) {
  auto state = ctx.store.Mfa().FindMfa(user.id);
  if (state.enabled) return std::nullopt;
  auto secret = OpenSecret(ctx, state.sealed_secret);
  if (!secret) return std::nullopt;
  return PendingEnrolment{domain::Base32(*secret),
                          domain::OtpauthUri(kIssuer, user.email, *secret)};
}

std::optional<std::vector<std::string>> ConfirmEnrolment(const AppContext& ctx,
                                                         std::int64_t user_id,
                                                         const std::string& code) {
  auto& mfa = ctx.store.Mfa();
  auto state = mfa.FindMfa(user_id);
  if (state.enabled) return std::nullopt;
  auto secret = OpenSecret(ctx, state.sealed_secret);
  if (!secret) return std::nullopt;
  auto step = domain::MatchTotp(*secret, UnixNow(), domain::NormaliseOtp(code));
  if (!step || !domain::AcceptsStep(state.last_step, *step)) return std::nullopt;
  auto codes = domain::NewRecoveryCodes();
  std::vector<std::string> hashes;
  for (const auto& c : codes) hashes.push_back(domain::RecoveryCodeHash(ctx.pepper, c));
  if (!mfa.EnableMfa(user_id, *step, hashes, domain::Now())) return std::nullopt;
  return codes;
}

bool CheckSecondFactor(const AppContext& ctx, std::int64_t user_id, const std::string& typed) {
  auto& mfa = ctx.store.Mfa();
  auto state = mfa.FindMfa(user_id);
  if (!state.enabled) return false;
  const std::string code = domain::NormaliseOtp(typed);
  if (domain::LooksLikeTotp(code)) {
    auto secret = OpenSecret(ctx, state.sealed_secret);
    if (!secret) return false;
    auto step = domain::MatchTotp(*secret, UnixNow(), code);
    // The store re-checks the step atomically: a replay racing this request loses there.
    return step && domain::AcceptsStep(state.last_step, *step) &&
           mfa.AcceptTotpStep(user_id, *step);
  }
  if (code.size() != 10) return false;
  return mfa.UseRecoveryCode(user_id, domain::RecoveryCodeHash(ctx.pepper, code), domain::Now());
}

}  // namespace tawasul::service
