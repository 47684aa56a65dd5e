#ifndef DRAGOMAN_SERVICES_EXTRACTION_EVENTS_H_
#define DRAGOMAN_SERVICES_EXTRACTION_EVENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "dragoman/records/v1/records.pb.h"
#include "services/extraction/analysis.h"
#include "services/extraction/dates.h"

namespace dragoman::extraction {

// An event as read from one document, before ids are assigned.
struct EventDraft {
  records::v1::EventType type = records::v1::EVENT_TYPE_UNSPECIFIED;
  std::optional<std::string> date;
  int location = -1;              // DocEntity (place)
  std::vector<int> participants;  // DocEntity (persons), in order of mention
  std::vector<std::string> countries;
  std::optional<std::string> series;
  std::optional<int> ordinal;
  std::vector<std::string> agreements;
  std::vector<size_t> sentences;  // evidence, indexes into TextIndex::sentences()
  // Read in passing ("en marge du sommet"): a later sentence about the
  // gathering itself may correct date, place and ordinal.
  bool weak = false;
  // Countries the sentence travels to ("au Kazakhstan", "to Brazil").
  std::vector<std::string> destinations;
};

// Context the event rules resolve against.
struct EventContext {
  std::vector<DateMention> dates;     // in the body, bytes into the text
  std::optional<std::string> published;  // YYYY-MM-DD
  size_t body_start = 0;              // bytes
  int dateline_place = -1;            // DocEntity of "PÉKIN, 21 avril", or -1
};

// Reads meetings, talks, phone calls, strategic dialogues, summits,
// multilateral meetings and visits that the text reports as having
// happened: a trigger ("s'est entretenu avec", "a tenu le premier dialogue
// stratégique", "held talks", "entretien téléphonique", "visite", "sommet"),
// the persons of the sentence as participants, the sentence's date (else
// the lead's date for the opening sentences), "à Bichkek" as location, the
// ordinal before the trigger noun and the titles of documents signed or
// adopted. Sentences about plans, wishes or invitations are skipped.
std::vector<EventDraft> FindEvents(const Analysis& analysis, const EventContext& context);

// "quatrième" -> 4, "3e" -> 3, "16th" -> 16, "premier" -> 1; else nullopt.
std::optional<int> ParseOrdinal(absl::string_view folded_word);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_EVENTS_H_
