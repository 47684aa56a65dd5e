// dragoman-extraction: the stateless extraction service.
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/server/serve.h"
#include "services/extraction/extraction_service.h"

ABSL_FLAG(std::string, address, "127.0.0.1", "address to listen on");
ABSL_FLAG(int, port, 50052, "port to listen on");
ABSL_FLAG(std::string, gazetteer_dir, DRAGOMAN_DEFAULT_GAZETTEER_DIR,
          "directory with the gazetteer data files (see data/gazetteer/README.md)");

int main(int argc, char** argv) {
  dragoman::server::TuneAllocator();
  absl::ParseCommandLine(argc, argv);
  dragoman::SetLogTag("dragoman-extraction");
  dragoman::extraction::ExtractionServiceImpl service;
  dragoman::server::ServeOptions options;
  options.name = "dragoman-extraction";
  options.address = absl::GetFlag(FLAGS_address);
  options.port = absl::GetFlag(FLAGS_port);
  options.warm_up = [&service] {
    dragoman::gazetteer::LoadOptions load;
    load.data_dir = absl::GetFlag(FLAGS_gazetteer_dir);
    return service.Load(load);
  };
  absl::Status status = dragoman::server::Serve(options, {&service});
  if (!status.ok()) {
    dragoman::Log(dragoman::LogLevel::kError, absl::StrCat("exiting: ", status.ToString()));
    return 1;
  }
  return 0;
}
