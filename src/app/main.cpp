// `tawasul`: one binary, subcommands (docs/operations.md, "Command line"). This file parses the
// command line into the typed Config (config.h) and the subcommands' options (command_line.h)
// and runs the one named; it holds no logic of its own. Exit status 0 on success, non-zero with
// a one-line reason on standard error.

#include <iostream>

#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/bootstrap.h"
#include "app/command_line.h"
#include "app/config.h"

int main(int argc, char** argv) {
  using namespace tawasul::app;
  if (sodium_init() < 0) {
    std::cerr << "tawasul: libsodium failed to initialise\n";
    return 1;
  }
  Config config;
  CLI::App app{"Tawasul — the national suggestions and complaints system"};
  app.set_config("--config", "", "configuration file (TOML/INI)");
  app.require_subcommand(1);
  app.fallthrough();
  AddCommonOptions(app, config);
  const std::vector<Command> commands = AddCommands(app, config);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    for (const auto& command : commands) {
      if (!command.node->parsed()) continue;
      if (!command.before_validate) {
        Validate(config);
        // Diagnostics go to standard error: standard output carries a command's data (JSON,
        // CSV, the serve banner, the access log when it is "-").
        spdlog::set_default_logger(spdlog::stderr_color_mt("tawasul"));
        spdlog::set_level(spdlog::level::from_str(config.log_level));
      }
      return command.run();
    }
  } catch (const std::exception& e) {
    std::cerr << "tawasul: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
