#pragma once
// The subcommands of `tawasul`; each returns the process exit status and throws on failure
// (main prints the one-line reason).

#include <string>

#include "app/config.h"

namespace tawasul::app {

struct UserAddOptions {
  std::string email, password, role, entity, name;
};

int RunServe(const Config& config);
int RunMigrate(const Config& config);
int RunDemo(const Config& config, int cases);
int RunUserAdd(const Config& config, const UserAddOptions& options);
int RunAuditVerify(const Config& config);

}  // namespace tawasul::app
