// Operators' commands for the staff second factor (docs/operations.md "Staff sign-in"):
//   tawasul user reset-mfa --email E         an administrator who lost the phone: the second
//                                            factor and recovery codes are removed and the
//                                            user's sessions end; they enrol again at sign-in
//   tawasul user mfa-entity --entity CODE [--off]
//                                            every member of the entity must (no longer) use one
// Both are recorded in the administration log (actor "cli").

#include <iostream>
#include <stdexcept>

#include "app/bootstrap.h"
#include "app/commands.h"
#include "domain/time.h"
#include "store/mfa_store.h"

namespace tawasul::app {

namespace {

void Record(store::Store& store, const std::string& action, const std::string& subject) {
  store::AdminChange change;
  change.at = domain::Now();
  change.actor = "cli";
  change.area = "user";
  change.action = action;
  change.subject = subject;
  store.RecordAdminChange(change);
}

}  // namespace

int RunUserResetMfa(const Config& config, const std::string& email) {
  auto store = OpenMigratedStore(config);
  auto user = store->FindUserByEmail(email);
  if (!user) throw std::invalid_argument("no user with this email");
  bool had = store->Mfa().ResetMfa(user->id, domain::Now());
  Record(*store, "reset_mfa", "user:" + std::to_string(user->id));
  std::cout << (had ? "second factor removed for " : "no second factor was set for ") << email
            << "; their sessions ended\n";
  store->Close();
  return 0;
}

int RunUserMfaEntity(const Config& config, const std::string& entity, bool required) {
  auto store = OpenMigratedStore(config);
  if (!store->LoadCatalogue().FindEntity(entity)) {
    throw std::invalid_argument("unknown entity " + entity);
  }
  store->Mfa().SetEntityMfa(entity, required, domain::Now());
  Record(*store, required ? "require_mfa" : "unrequire_mfa", entity);
  std::cout << "entity " << entity
            << (required ? ": every member must use a second factor\n"
                         : ": a second factor is optional (administrators still need one)\n");
  store->Close();
  return 0;
}

}  // namespace tawasul::app
