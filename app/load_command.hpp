// `qproxy load`: bulk ingest without a server, through the same code path as
// LOAD DATA LOCAL INFILE (czar/infile_load.hpp). All files form one load:
// every row of every file is committed, or none.
#pragma once

#include <string>
#include <vector>

namespace qproxy::app {

// Runs `qproxy load …` (argv after the sub-command); the process exit code.
int run_load_command(const std::vector<std::string>& args);

}  // namespace qproxy::app
