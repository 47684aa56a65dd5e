// The transport half of the CLI: turns parsed arguments into gRPC calls and
// prints the answers. Parsing, file discovery, process supervision and
// formatting live in the library beside it.
#include "cli/commands.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/args.h"
#include "cli/documents.h"
#include "cli/event_table.h"
#include "cli/process.h"
#include "cli/supervisor.h"
#include "cli/table.h"
#include "cli/views.h"
#include "common/client/channel.h"
#include "common/records/codes.h"
#include "common/records/contract_json.h"
#include "common/server/status.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace dragoman::cli {
namespace {

using Kind = FlagSpec::Kind;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

const FlagSpec kBasePortFlag{"base-port", Kind::kValue, "N",
                             "ingest listens on N, extraction on N+1, query on N+2", "50051"};
const FlagSpec kHelpFlag{"help", Kind::kBool, "", "print this help", ""};

struct Endpoints {
  std::string ingest, extraction, query;
};

Endpoints EndpointsFor(int base_port) {
  return {absl::StrCat("127.0.0.1:", base_port), absl::StrCat("127.0.0.1:", base_port + 1),
          absl::StrCat("127.0.0.1:", base_port + 2)};
}

// TLS and token settings for secured services come from the environment
// (BUILD.md, Security), so every command has them without a flag each.
client::ChannelSecurity SecurityFromEnvironment() {
  auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value == nullptr ? "" : value);
  };
  client::ChannelSecurity security;
  security.ca_file = env("DRAGOMAN_TLS_CA");
  security.cert_file = env("DRAGOMAN_TLS_CERT");
  security.key_file = env("DRAGOMAN_TLS_KEY");
  security.server_name = env("DRAGOMAN_TLS_SERVER_NAME");
  security.token_file = env("DRAGOMAN_TOKEN_FILE");
  security.token = env("DRAGOMAN_TOKEN");
  return security;
}

std::shared_ptr<grpc::Channel> Connect(const std::string& target,
                                       const client::ChannelSecurity& security) {
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(256 << 20);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      client::MakeChannel(target, security, channel_args);
  if (!channel.ok()) {
    // Settings the user gave are wrong; no command can do anything useful.
    std::cerr << "dragoman: " << channel.status().message()
              << " (check the DRAGOMAN_TLS_* and DRAGOMAN_TOKEN* variables)\n";
    std::exit(2);
  }
  return *std::move(channel);
}

std::shared_ptr<grpc::Channel> Connect(const std::string& target) {
  return Connect(target, SecurityFromEnvironment());
}

void SetDeadline(grpc::ClientContext* context, absl::Duration d) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + d));
}

// The message every command prints when a service cannot be reached.
std::string DescribeRpcFailure(const std::string& service, const std::string& target,
                               const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    return absl::StrCat("cannot reach the ", service, " service at ", target, " (",
                        status.error_message(), "): is `dragoman up` running?");
  }
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::StrCat("the ", service, " service at ", target, " did not answer in time");
  }
  return absl::StrCat(service, " service at ", target, ": ",
                      dragoman::server::FromGrpcStatus(status).ToString());
}

absl::Status CheckServing(const std::string& target, const client::ChannelSecurity& security) {
  auto stub = grpc::health::v1::Health::NewStub(Connect(target, security));
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(1));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return dragoman::server::FromGrpcStatus(status);
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::UnavailableError(absl::StrCat(
        "health is ", grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())));
  }
  return absl::OkStatus();
}

absl::Status CheckServing(const std::string& target) {
  return CheckServing(target, SecurityFromEnvironment());
}

// Parses a subcommand's flags. On --help or a usage error it prints the
// usage, sets *exit_code and returns nullopt: the command ends there.
std::optional<ParsedArgs> Parse(const std::vector<std::string>& args,
                                const std::vector<FlagSpec>& specs, const char* synopsis,
                                const char* description, int* exit_code) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    std::cerr << "dragoman: " << parsed.status().message() << "\n\n"
              << FormatUsage(synopsis, description, specs);
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  if (parsed->Has("help")) {
    std::cout << FormatUsage(synopsis, description, specs);
    *exit_code = kExitOk;
    return std::nullopt;
  }
  return std::move(*parsed);
}

int UsageError(const std::string& message) {
  std::cerr << "dragoman: " << message << " (see --help)\n";
  return kExitUsage;
}

int Fail(const std::string& message) {
  std::cerr << "dragoman: " << message << "\n";
  return kExitFailed;
}

// --- up / down -------------------------------------------------------------

int RunUp(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      {"data-dir", Kind::kValue, "DIR", "where services keep data, logs and pid files", ""},
      kBasePortFlag,
      {"timeout", Kind::kValue, "SECONDS", "how long to wait for every service to serve", "30"},
      {"tls-cert", Kind::kValue, "FILE", "PEM certificate every service serves TLS with", ""},
      {"tls-key", Kind::kValue, "FILE", "its private key", ""},
      {"tls-ca", Kind::kValue, "FILE", "CA that signed the certificates (ingest verifies with it)",
       ""},
      {"mtls", Kind::kBool, "", "require client certificates signed by --tls-ca", ""},
      {"auth-file", Kind::kValue, "FILE", "clients and permissions (BUILD.md, Security)", ""},
      {"ingest-cert", Kind::kValue, "FILE",
       "with --mtls: the certificate ingest presents (default --tls-cert)", ""},
      {"ingest-key", Kind::kValue, "FILE", "its private key (default --tls-key)", ""},
      {"ingest-token-file", Kind::kValue, "FILE",
       "bearer token ingest sends to extraction and query", ""},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman up --data-dir DIR [--base-port N] [TLS flags]",
                    "Starts dragoman-ingest, dragoman-extraction and dragoman-query (found next to\n"
                    "this executable) in the background and returns once all three report SERVING\n"
                    "on grpc.health.v1. Logs go to DIR/logs, pid files to DIR/run. Without TLS\n"
                    "flags they serve plaintext without authentication (the local default).",
                    &code);
  if (!args) return code;
  if (args->Get("data-dir").empty()) return UsageError("up needs --data-dir DIR");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  if (*base > 65533) return UsageError("--base-port must leave room for N+1 and N+2");
  int timeout_s = 0;
  if (!absl::SimpleAtoi(args->Get("timeout"), &timeout_s) || timeout_s <= 0) {
    return UsageError("--timeout must be a positive number of seconds");
  }
  absl::StatusOr<std::string> bin_dir = SelfDirectory();
  if (!bin_dir.ok()) return Fail(std::string(bin_dir.status().message()));
  const std::string data_dir = std::filesystem::absolute(args->Get("data-dir")).string();

  ServiceSecurity security;
  auto absolute = [&args](const char* flag) {
    const std::string path = args->Get(flag);
    return path.empty() ? path : std::filesystem::absolute(path).string();
  };
  security.cert_file = absolute("tls-cert");
  security.key_file = absolute("tls-key");
  security.ca_file = absolute("tls-ca");
  security.mutual_tls = args->GetBool("mtls");
  security.auth_file = absolute("auth-file");
  security.ingest_cert_file = absolute("ingest-cert");
  security.ingest_key_file = absolute("ingest-key");
  security.ingest_token_file = absolute("ingest-token-file");
  if (security.cert_file.empty() != security.key_file.empty()) {
    return UsageError("--tls-cert and --tls-key go together");
  }
  if (!security.cert_file.empty() && security.ca_file.empty()) {
    return UsageError("TLS needs --tls-ca, the CA ingest verifies extraction and query with");
  }
  if (security.mutual_tls && security.cert_file.empty()) {
    return UsageError("--mtls needs --tls-cert, --tls-key and --tls-ca");
  }
  // Health needs no token; with mutual TLS the probe shows ingest's certificate.
  client::ChannelSecurity probe;
  if (!security.cert_file.empty()) {
    probe.ca_file = security.ca_file;
    if (security.mutual_tls) {
      const bool own = !security.ingest_cert_file.empty();
      probe.cert_file = own ? security.ingest_cert_file : security.cert_file;
      probe.key_file = own ? security.ingest_key_file : security.key_file;
    }
  }
  Supervisor supervisor(data_dir);
  const absl::Status status =
      supervisor.Up(PlanServices(*bin_dir, data_dir, *base, security),
                    [&probe](const std::string& target) { return CheckServing(target, probe); },
                    absl::Seconds(timeout_s), std::cout);
  if (!status.ok()) return Fail(absl::StrCat("up failed: ", status.message()));
  std::cout << "dragoman is up (data in " << data_dir << "); stop it with `dragoman down --data-dir "
            << args->Get("data-dir") << "`\n";
  return kExitOk;
}

int RunDown(const std::vector<std::string>& raw) {
  // --base-port is accepted like everywhere, but the pid files say what to stop.
  const std::vector<FlagSpec> specs = {
      {"data-dir", Kind::kValue, "DIR", "the directory given to `dragoman up`", ""},
      kBasePortFlag,
      {"grace", Kind::kValue, "SECONDS", "how long each service gets to exit before SIGKILL", "20"},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman down --data-dir DIR",
                    "Stops the services `dragoman up` started for DIR: SIGTERM, then SIGKILL\n"
                    "after the grace period; removes the pid files.",
                    &code);
  if (!args) return code;
  if (args->Get("data-dir").empty()) return UsageError("down needs --data-dir DIR");
  int grace_s = 0;
  if (!absl::SimpleAtoi(args->Get("grace"), &grace_s) || grace_s <= 0) {
    return UsageError("--grace must be a positive number of seconds");
  }
  Supervisor supervisor(std::filesystem::absolute(args->Get("data-dir")).string());
  const absl::Status status = supervisor.Down(absl::Seconds(grace_s), std::cout);
  return status.ok() ? kExitOk : Fail(std::string(status.message()));
}

// --- ingest ------------------------------------------------------------------

const char* StateName(dragoman::ingest::v1::ProcessingState state) {
  switch (state) {
    case dragoman::ingest::v1::PROCESSING_STATE_QUEUED:
      return "QUEUED";
    case dragoman::ingest::v1::PROCESSING_STATE_DONE:
      return "DONE";
    case dragoman::ingest::v1::PROCESSING_STATE_FAILED:
      return "FAILED";
    default:
      return "UNKNOWN";
  }
}

int RunIngest(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"published", Kind::kValue, "DATE", "publication date hint (ISO 8601) for every document", ""},
      {"language", Kind::kValue, "CODE", "language hint (ISO 639-1) for every document", ""},
      {"source", Kind::kValue, "NAME", "outlet hint for every document", ""},
      {"no-wait", Kind::kBool, "",
       "return once stored and queued instead of waiting for the records to reach query", ""},
      {"timeout", Kind::kValue, "SECONDS", "per-document deadline", "120"},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman ingest [flags] PATH...",
                    "Sends files (any name) and directories (recursively: .txt, .htm, .html) to\n"
                    "the ingest service, one document per file, and by default waits until each\n"
                    "document's records reached the query service. Prints one line per document\n"
                    "and a summary; exits 1 if any document failed.",
                    &code);
  if (!args) return code;
  if (args->positionals().empty()) return UsageError("ingest needs at least one PATH");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  int timeout_s = 0;
  if (!absl::SimpleAtoi(args->Get("timeout"), &timeout_s) || timeout_s <= 0) {
    return UsageError("--timeout must be a positive number of seconds");
  }
  absl::StatusOr<std::vector<std::string>> files = CollectDocuments(args->positionals());
  if (!files.ok()) return Fail(std::string(files.status().message()));
  if (files->empty()) return Fail("no .txt, .htm or .html documents under the given paths");

  const std::string target = EndpointsFor(*base).ingest;
  auto stub = dragoman::ingest::v1::IngestService::NewStub(Connect(target));
  const bool wait = !args->GetBool("no-wait");
  int done = 0, queued = 0, failed = 0;
  for (const std::string& path : *files) {
    absl::StatusOr<std::string> bytes = ReadFileBytes(path);
    if (!bytes.ok()) {
      std::cout << path << "  -  FAILED  " << bytes.status().message() << "\n";
      ++failed;
      continue;
    }
    dragoman::ingest::v1::IngestDocumentRequest request;
    request.set_content(std::move(*bytes));
    request.set_uri(path);
    request.set_published_hint(args->Get("published"));
    request.set_language_hint(args->Get("language"));
    request.set_source_hint(args->Get("source"));
    request.set_wait_for_processing(wait);
    dragoman::ingest::v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(timeout_s));
    const grpc::Status status = stub->IngestDocument(&context, request, &response);
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      // Nothing else will get through either.
      return Fail(DescribeRpcFailure("ingest", target, status));
    }
    if (!status.ok()) {
      std::cout << path << "  -  FAILED  "
                << dragoman::server::FromGrpcStatus(status).ToString() << "\n";
      ++failed;
      continue;
    }
    std::cout << path << "  " << response.document_id() << "  " << StateName(response.state());
    switch (response.state()) {
      case dragoman::ingest::v1::PROCESSING_STATE_DONE:
        ++done;
        std::cout << "  entities=" << response.entity_count() << " events=" << response.event_count();
        break;
      case dragoman::ingest::v1::PROCESSING_STATE_FAILED:
        ++failed;
        std::cout << "  " << response.error();
        break;
      default:
        ++queued;
        break;
    }
    if (response.already_stored()) std::cout << "  (already stored)";
    std::cout << "\n";
  }
  std::cout << files->size() << (files->size() == 1 ? " document: " : " documents: ") << done
            << " done, " << queued << " queued, " << failed << " failed\n";
  return failed == 0 ? kExitOk : kExitFailed;
}

// --- events ------------------------------------------------------------------

int RunEvents(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"country", Kind::kList, "XX", "ISO alpha-2 code the event must involve", ""},
      {"person", Kind::kValue, "NAME", "a participant's name, alias or entity id", ""},
      {"from", Kind::kValue, "DATE", "earliest date, YYYY[-MM[-DD]], inclusive", ""},
      {"to", Kind::kValue, "DATE", "latest date, YYYY[-MM[-DD]], inclusive", ""},
      {"any-country", Kind::kBool, "", "an event needs one of the --country codes, not all", ""},
      {"org", Kind::kValue, "NAME", "an organization taking part (name, alias or id)", ""},
      {"place", Kind::kValue, "NAME", "where the event took place (name, alias or id)", ""},
      {"type", Kind::kValue, "TYPE", "meeting, phone_call, strategic_dialogue, summit, ...", ""},
      {"series", Kind::kValue, "NAME", "a mechanism series, e.g. \"dialogue stratégique\"", ""},
      {"text", Kind::kValue, "WORDS", "words a reporting document must contain", ""},
      {"json", Kind::kBool, "", "one JSON object per event instead of a table", ""},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman events [--country XX]... [--person NAME] [--from D] [--to D] [filters] [--json]",
                    "Lists the events the query service holds: date, type, place, participants\n"
                    "with their roles, and the countries involved.",
                    &code);
  if (!args) return code;
  if (!args->positionals().empty()) {
    return UsageError(absl::StrCat("unexpected argument \"", args->positionals()[0], "\""));
  }
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));

  const std::string target = EndpointsFor(*base).query;
  auto stub = dragoman::query::v1::QueryService::NewStub(Connect(target));
  dragoman::query::v1::ListEventsRequest request;
  for (const std::string& c : args->GetAll("country")) {
    request.add_countries(absl::AsciiStrToUpper(c));
  }
  request.set_person(args->Get("person"));
  request.set_from_date(args->Get("from"));
  request.set_to_date(args->Get("to"));
  if (args->GetBool("any-country")) request.set_country_match(dragoman::query::v1::COUNTRY_MATCH_ANY);
  request.set_organization(args->Get("org"));
  request.set_place(args->Get("place"));
  if (!args->Get("type").empty()) {
    std::optional<dragoman::records::v1::EventType> type =
        dragoman::records::ParseEventTypeCode(args->Get("type"));
    if (!type) return UsageError(absl::StrCat("unknown event type \"", args->Get("type"), "\""));
    request.set_type(*type);
  }
  request.set_series(args->Get("series"));
  request.set_text(args->Get("text"));
  request.set_page_size(500);
  EventListing listing;
  while (true) {
    dragoman::query::v1::ListEventsResponse page;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(30));
    const grpc::Status status = stub->ListEvents(&context, request, &page);
    if (!status.ok()) return Fail(DescribeRpcFailure("query", target, status));
    listing.AddPage(page);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  std::cout << (args->GetBool("json") ? listing.FormatJsonLines() : listing.FormatTable());
  return kExitOk;
}

// --- offices / entities --------------------------------------------------------

using QueryStub = dragoman::query::v1::QueryService::Stub;

// One unary QueryService call whose response is printed with `format`.
template <typename Request, typename Response, typename Format>
int QueryAndPrint(int base_port,
                  grpc::Status (QueryStub::*method)(grpc::ClientContext*, const Request&,
                                                    Response*),
                  const Request& request, Format format) {
  const std::string target = EndpointsFor(base_port).query;
  auto stub = dragoman::query::v1::QueryService::NewStub(Connect(target));
  Response response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(30));
  const grpc::Status status = ((*stub).*method)(&context, request, &response);
  if (!status.ok()) return Fail(DescribeRpcFailure("query", target, status));
  std::cout << format(response);
  return kExitOk;
}

const FlagSpec kJsonFlag{"json", Kind::kBool, "", "print the response as one JSON object", ""};

// One unary call printed as a table (or JSON with --json).
template <typename Request, typename Response, typename Format>
int QueryAndShow(const ParsedArgs& args, int base_port,
                 grpc::Status (QueryStub::*method)(grpc::ClientContext*, const Request&,
                                                   Response*),
                 const Request& request, Format format) {
  const bool json = args.GetBool("json");
  return QueryAndPrint(base_port, method, request, [&](const Response& response) {
    return json ? JsonLine(response) : format(response);
  });
}

int RunOffices(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"person", Kind::kValue, "NAME", "the person: a name, an alias or an entity id", ""},
      {"role", Kind::kValue, "ROLE", "who held this office (role code, e.g. foreign_minister)", ""},
      {"country", Kind::kValue, "XX", "with --role: of this country (ISO alpha-2)", ""},
      kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman offices (--person NAME | --role ROLE [--country XX])",
                    "Lists the offices a person held, or who held an office (e.g. the foreign\n"
                    "ministers of one country over time, first and last seen), as the documents\n"
                    "state them, oldest first, each with the sentence that says so.",
                    &code);
  if (!args) return code;
  if (args->Get("person").empty() == args->Get("role").empty()) {
    return UsageError("offices needs --person NAME or --role ROLE");
  }
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  dragoman::query::v1::ListOfficesRequest request;
  request.set_person(args->Get("person"));
  if (!args->Get("role").empty()) {
    std::optional<dragoman::records::v1::Role> role =
        dragoman::records::ParseRoleCode(args->Get("role"));
    if (!role) return UsageError(absl::StrCat("unknown role \"", args->Get("role"), "\""));
    request.set_role(*role);
    request.set_country(absl::AsciiStrToUpper(args->Get("country")));
  }
  return QueryAndShow(*args, *base, &QueryStub::ListOffices, request, FormatOffices);
}

int RunEntities(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"type", Kind::kValue, "TYPE", "only this type: person, country, place, organization, ...", ""},
      kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman entities [--type TYPE] NAME",
                    "Finds entities by name or alias, ignoring case and accents.", &code);
  if (!args) return code;
  if (args->positionals().size() != 1) return UsageError("entities needs one NAME");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  dragoman::query::v1::FindEntitiesRequest request;
  request.set_name(args->positionals()[0]);
  if (!args->Get("type").empty()) {
    std::optional<dragoman::records::v1::EntityType> type =
        dragoman::records::ParseEntityTypeCode(args->Get("type"));
    if (!type) return UsageError(absl::StrCat("unknown entity type \"", args->Get("type"), "\""));
    request.set_type(*type);
  }
  return QueryAndShow(*args, *base, &QueryStub::FindEntities, request, FormatEntities);
}

// --- analyst reads: event, entity, timeline, profile, search, doc ---------------

// The one positional argument a command needs, joined when the shell split
// it ("dragoman search accord eau" searches both words).
std::optional<std::string> JoinedPositionals(const ParsedArgs& args) {
  if (args.positionals().empty()) return std::nullopt;
  std::string out;
  for (const std::string& p : args.positionals()) {
    if (!out.empty()) out += " ";
    out += p;
  }
  return out;
}

int RunEvent(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {kBasePortFlag, kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman event [--json] EVENT_ID",
                    "Shows one event: type, date, place, participants, agreements, and the\n"
                    "sentences of the documents it was read from.",
                    &code);
  if (!args) return code;
  if (args->positionals().size() != 1) return UsageError("event needs one EVENT_ID");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  dragoman::query::v1::GetEventRequest request;
  request.set_event_id(args->positionals()[0]);
  return QueryAndShow(*args, *base, &QueryStub::GetCitedEvent, request, FormatCitedEvent);
}

int RunEntity(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"type", Kind::kValue, "TYPE", "only this type: person, country, place, organization, ...", ""},
      {"max", Kind::kValue, "N", "at most N matches (up to 100)", "20"},
      kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman entity [--type TYPE] [--max N] [--json] QUERY",
                    "Searches entities by name or alias, ignoring case, accents and the usual\n"
                    "romanization variants; exact matches first, then prefixes, then near\n"
                    "spellings (\"kouloub\" finds Zheenbek Kulubaev).",
                    &code);
  if (!args) return code;
  const std::optional<std::string> query = JoinedPositionals(*args);
  if (!query) return UsageError("entity needs a QUERY");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  dragoman::query::v1::SearchEntitiesRequest request;
  request.set_query(*query);
  int max = 0;
  if (!absl::SimpleAtoi(args->Get("max"), &max) || max <= 0) {
    return UsageError("--max must be a positive number");
  }
  request.set_max_results(max);
  if (!args->Get("type").empty()) {
    std::optional<dragoman::records::v1::EntityType> type =
        dragoman::records::ParseEntityTypeCode(args->Get("type"));
    if (!type) return UsageError(absl::StrCat("unknown entity type \"", args->Get("type"), "\""));
    request.set_type(*type);
  }
  return QueryAndShow(*args, *base, &QueryStub::SearchEntities, request, FormatEntityMatches);
}

int RunTimeline(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"person", Kind::kValue, "NAME", "the person: a name, an alias or an entity id", ""},
      {"country", Kind::kList, "XX", "ISO alpha-2 code; two make a country pair", ""},
      {"from", Kind::kValue, "DATE", "earliest date, YYYY[-MM[-DD]], inclusive", ""},
      {"to", Kind::kValue, "DATE", "latest date, YYYY[-MM[-DD]], inclusive", ""},
      {"json", Kind::kBool, "", "one JSON object per event instead of text", ""},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs,
                    "dragoman timeline (--person NAME | --country XX [--country YY]) [--from D] [--to D] [--json]",
                    "The events of a person, a country or a country pair by date, each with the\n"
                    "sentences it was read from.",
                    &code);
  if (!args) return code;
  if (!args->positionals().empty()) {
    return UsageError(absl::StrCat("unexpected argument \"", args->positionals()[0], "\""));
  }
  if (args->Get("person").empty() == args->GetAll("country").empty()) {
    return UsageError("timeline needs either --person NAME or --country XX");
  }
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  const std::string target = EndpointsFor(*base).query;
  auto stub = dragoman::query::v1::QueryService::NewStub(Connect(target));
  dragoman::query::v1::TimelineRequest request;
  request.set_person(args->Get("person"));
  for (const std::string& c : args->GetAll("country")) request.add_countries(c);
  request.set_from_date(args->Get("from"));
  request.set_to_date(args->Get("to"));
  request.set_page_size(500);
  dragoman::query::v1::TimelineResponse all;
  while (true) {
    dragoman::query::v1::TimelineResponse page;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(30));
    const grpc::Status status = stub->Timeline(&context, request, &page);
    if (!status.ok()) return Fail(DescribeRpcFailure("query", target, status));
    for (auto& e : *page.mutable_entries()) *all.add_entries() = std::move(e);
    for (auto& e : *page.mutable_referenced_entities()) *all.add_referenced_entities() = std::move(e);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  if (args->GetBool("json")) {
    for (const auto& entry : all.entries()) std::cout << JsonLine(entry);
  } else {
    std::cout << FormatTimeline(all);
  }
  return kExitOk;
}

int RunProfile(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {kBasePortFlag, kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman profile [--json] XX [YY...]",
                    "The relation between countries: events per year and type, first and last\n"
                    "meetings, key actors, agreements signed and mechanisms, each line cited.",
                    &code);
  if (!args) return code;
  if (args->positionals().empty()) return UsageError("profile needs one or more country codes");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  dragoman::query::v1::GetRelationProfileRequest request;
  for (const std::string& c : args->positionals()) request.add_countries(c);
  return QueryAndShow(*args, *base, &QueryStub::GetRelationProfile, request, FormatProfile);
}

int RunSearch(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"max", Kind::kValue, "N", "at most N documents (up to 100)", "20"},
      kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman search [--max N] [--json] TEXT",
                    "Full-text search over the documents (French and English stemming, BM25\n"
                    "ranking); each hit with its best matching sentence.",
                    &code);
  if (!args) return code;
  const std::optional<std::string> text = JoinedPositionals(*args);
  if (!text) return UsageError("search needs TEXT");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  int max = 0;
  if (!absl::SimpleAtoi(args->Get("max"), &max) || max <= 0) {
    return UsageError("--max must be a positive number");
  }
  dragoman::query::v1::SearchRequest request;
  request.set_query(*text);
  request.set_max_results(max);
  return QueryAndShow(*args, *base, &QueryStub::Search, request, FormatSearch);
}

int RunDoc(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {kBasePortFlag, kJsonFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman doc [--json] DOCUMENT_ID",
                    "Shows a stored document's clean text and the spans its records were read\n"
                    "from: entity mentions, event evidence, offices.",
                    &code);
  if (!args) return code;
  if (args->positionals().size() != 1) return UsageError("doc needs one DOCUMENT_ID");
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  dragoman::query::v1::GetDocumentRequest request;
  request.set_document_id(args->positionals()[0]);
  return QueryAndShow(*args, *base, &QueryStub::GetAnnotatedDocument, request,
                      FormatAnnotatedDocument);
}

// --- reprocess -----------------------------------------------------------------

int RunReprocess(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"no-wait", Kind::kBool, "", "return once queued instead of waiting for the records", ""},
      {"timeout", Kind::kValue, "SECONDS", "how long to wait for the whole run", "600"},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman reprocess [flags] [DOCUMENT_ID...]",
                    "Runs extraction again over stored documents (all of them, or the given ids)\n"
                    "without re-ingesting them, e.g. after the extractor changed. Ids of entities\n"
                    "and events stay the same where the facts are the same.",
                    &code);
  if (!args) return code;
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  int timeout_s = 0;
  if (!absl::SimpleAtoi(args->Get("timeout"), &timeout_s) || timeout_s <= 0) {
    return UsageError("--timeout must be a positive number of seconds");
  }
  dragoman::ingest::v1::ReprocessRequest request;
  for (const std::string& id : args->positionals()) request.add_document_ids(id);
  request.set_wait_for_processing(!args->GetBool("no-wait"));

  const std::string target = EndpointsFor(*base).ingest;
  auto stub = dragoman::ingest::v1::IngestService::NewStub(Connect(target));
  dragoman::ingest::v1::ReprocessResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(timeout_s));
  const grpc::Status status = stub->Reprocess(&context, request, &response);
  if (!status.ok()) return Fail(DescribeRpcFailure("ingest", target, status));
  std::cout << response.queued() << " documents queued for extraction";
  if (response.already_queued() > 0) {
    std::cout << " (" << response.already_queued() << " were already queued)";
  }
  if (request.wait_for_processing()) {
    const int pending = response.queued() - response.done() - response.failed();
    std::cout << ": " << response.done() << " done, " << pending << " queued, "
              << response.failed() << " failed";
  }
  std::cout << "\n";
  return response.failed() > 0 ? kExitFailed : kExitOk;
}

// --- export ------------------------------------------------------------------

int RunExport(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {
      kBasePortFlag,
      {"out", Kind::kValue, "FILE", "write JSON Lines here instead of stdout", ""},
      kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman export [--out FILE]",
                    "Writes every record the query service holds (documents, entities, events,\n"
                    "offices) as JSON Lines in the format of eval/CONTRACT.md.",
                    &code);
  if (!args) return code;
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));

  const std::string out_path = args->Get("out");
  // Written beside the destination and renamed at the end, so a failed
  // export never leaves a truncated file that looks complete.
  const std::string tmp_path = out_path.empty() ? "" : out_path + ".partial";
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(tmp_path, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(absl::StrCat("cannot write ", tmp_path));
  }
  std::ostream& out = out_path.empty() ? std::cout : file;

  const std::string target = EndpointsFor(*base).query;
  auto stub = dragoman::query::v1::QueryService::NewStub(Connect(target));
  grpc::ClientContext context;
  SetDeadline(&context, absl::Minutes(10));
  dragoman::query::v1::ExportRequest request;
  auto reader = stub->Export(&context, request);
  std::map<std::string, int> counts;
  dragoman::records::v1::Record record;
  while (reader->Read(&record)) {
    out << dragoman::records::ToContractJson(record) << "\n";
    switch (record.kind_case()) {
      case dragoman::records::v1::Record::kDocument: ++counts["documents"]; break;
      case dragoman::records::v1::Record::kEntity: ++counts["entities"]; break;
      case dragoman::records::v1::Record::kEvent: ++counts["events"]; break;
      case dragoman::records::v1::Record::kOffice: ++counts["offices"]; break;
      default: ++counts["other"]; break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) {
    if (!out_path.empty()) std::remove(tmp_path.c_str());
    return Fail(DescribeRpcFailure("query", target, status));
  }
  if (!out_path.empty()) {
    file.close();
    if (!file || std::rename(tmp_path.c_str(), out_path.c_str()) != 0) {
      return Fail(absl::StrCat("cannot write ", out_path));
    }
  } else {
    std::cout.flush();
  }
  std::string summary = "exported";
  for (const char* k : {"documents", "entities", "events", "offices"}) {
    absl::StrAppend(&summary, " ", counts[k], " ", k, ",");
  }
  summary.pop_back();
  if (!out_path.empty()) absl::StrAppend(&summary, " to ", out_path);
  std::cerr << summary << "\n";
  return kExitOk;
}

// --- status ------------------------------------------------------------------

int RunStatus(const std::vector<std::string>& raw) {
  const std::vector<FlagSpec> specs = {kBasePortFlag, kHelpFlag};
  int code = kExitOk;
  auto args = Parse(raw, specs, "dragoman status [--base-port N]",
                    "Asks each service for its grpc.health.v1 status; exits 1 unless all serve.",
                    &code);
  if (!args) return code;
  absl::StatusOr<int> base = GetPort(*args, "base-port");
  if (!base.ok()) return UsageError(std::string(base.status().message()));
  const Endpoints e = EndpointsFor(*base);
  bool all = true;
  for (const auto& [name, target] : std::vector<std::pair<std::string, std::string>>{
           {"ingest", e.ingest}, {"extraction", e.extraction}, {"query", e.query}}) {
    const absl::Status s = CheckServing(target);
    all = all && s.ok();
    std::cout << name << "  " << target << "  " << (s.ok() ? "SERVING" : std::string(s.message()))
              << "\n";
  }
  return all ? kExitOk : kExitFailed;
}

constexpr char kTopUsage[] =
    "usage: dragoman COMMAND [flags]\n"
    "\n"
    "Dragoman turns diplomatic press releases into records of people, roles,\n"
    "countries, places and events. Commands:\n"
    "\n"
    "  up        start the three services in the background for a data directory\n"
    "  down      stop them\n"
    "  status    show each service's health\n"
    "  ingest    send documents (files or directories) to the ingest service\n"
    "  reprocess run extraction again over stored documents\n"
    "  events    list extracted events as a table (or JSON)\n"
    "  offices   the roles a person held, with the documents that say so\n"
    "  entities  find persons, places, organizations by name or alias\n"
    "  entity    ranked search for entities: exact, prefix, near spellings\n"
    "  event     one event with the sentences it was read from\n"
    "  timeline  the events of a person, a country or a pair, cited\n"
    "  profile   the relation between countries, each line cited\n"
    "  search    full-text search over the documents (stemmed, ranked)\n"
    "  doc       a document's text and the spans of its records\n"
    "  export    write every record as JSON Lines (eval/CONTRACT.md)\n"
    "\n"
    "Every command takes --base-port N (default 50051: ingest N, extraction N+1,\n"
    "query N+2, all on 127.0.0.1) and --help. For services on TLS or with an auth\n"
    "file, set DRAGOMAN_TLS_CA (and DRAGOMAN_TLS_CERT, DRAGOMAN_TLS_KEY for mutual\n"
    "TLS) and DRAGOMAN_TOKEN or DRAGOMAN_TOKEN_FILE (see BUILD.md, Security).\n";

}  // namespace

int RunCli(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kTopUsage;
    return kExitUsage;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kTopUsage;
    return kExitOk;
  }
  using Handler = int (*)(const std::vector<std::string>&);
  const std::map<std::string, Handler> handlers = {
      {"up", RunUp},           {"down", RunDown},     {"status", RunStatus},
      {"ingest", RunIngest},   {"events", RunEvents}, {"export", RunExport},
      {"offices", RunOffices}, {"entities", RunEntities}, {"reprocess", RunReprocess},
      {"event", RunEvent},     {"entity", RunEntity},     {"timeline", RunTimeline},
      {"profile", RunProfile}, {"search", RunSearch},     {"doc", RunDoc}};
  auto it = handlers.find(command);
  if (it == handlers.end()) {
    std::cerr << "dragoman: unknown command \"" << command << "\"\n\n" << kTopUsage;
    return kExitUsage;
  }
  return it->second(rest);
}

}  // namespace dragoman::cli
