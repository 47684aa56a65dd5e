// Tests of the rule families' fast paths against what they shortcut.

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/extraction/analysis.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/roles.h"
#include "services/extraction/word_list.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

// Mentions mostly come in text order (the append path) with some
// out of order (the insertion path): after each, the mentions, the
// answer and the token index are those of a search over a plain list.
TEST(AnalysisRulesTest, MentionsAppendedOrInsertedMatchAPlainList) {
  std::string text;
  for (int i = 0; i < 80; ++i) absl::StrAppend(&text, "mot", i, " ");
  std::mt19937 random(7);
  for (int round = 0; round < 300; ++round) {
    Analysis analysis(text);
    const size_t n = analysis.index.tokens().size();
    std::vector<Mention> plain;
    size_t cursor = 0;
    for (int k = 0; k < 30; ++k) {
      size_t first;
      if (random() % 4 != 0) {  // next in text order, sometimes touching the last
        first = cursor + random() % 3;
      } else {
        first = random() % n;
      }
      if (first >= n) break;
      const size_t end = std::min(n, first + random() % 4);  // may be empty
      const bool free = std::none_of(plain.begin(), plain.end(), [&](const Mention& m) {
        return std::max(m.first, first) < std::min(m.end, end);
      });
      const bool added = analysis.AddMention({first, end, k, false});
      ASSERT_EQ(added, free) << round << " " << k;
      if (added) {
        auto at = std::upper_bound(plain.begin(), plain.end(), first,
                                   [](size_t t, const Mention& m) { return t < m.first; });
        plain.insert(at, Mention{first, end, k, false});
        cursor = std::max(cursor, end);
      }
      ASSERT_EQ(analysis.mentions.size(), plain.size());
      for (size_t i = 0; i < plain.size(); ++i) {
        ASSERT_EQ(analysis.mentions[i].first, plain[i].first);
        ASSERT_EQ(analysis.mentions[i].end, plain[i].end);
        ASSERT_EQ(analysis.mentions[i].entity, plain[i].entity);
      }
      for (size_t t = 0; t < n; ++t) {
        int expected = -1;
        for (size_t i = 0; i < plain.size(); ++i) {
          if (plain[i].first <= t && t < plain[i].end) expected = static_cast<int>(i);
        }
        ASSERT_EQ(analysis.MentionAt(t), expected) << round << " " << k << " " << t;
      }
    }
  }
}

// The matcher skips the trie probe for a word that follows no prefix of
// a form (by a per-node filter of hashes): every multi-word name and
// alias of the gazetteer, after a word that starts names too ("le", "la",
// "the"), is still read whole.
TEST(AnalysisRulesTest, EveryMultiWordNameIsReadWhole) {
  const EntityMatcher matcher(TestGazetteer());
  size_t checked = 0;
  for (const gazetteer::Entry& e : TestGazetteer().entries()) {
    if (!e.matchable) continue;
    std::vector<std::string> forms = e.aliases;
    forms.push_back(e.name);
    for (const std::string& form : forms) {
      if (std::find(e.never_match.begin(), e.never_match.end(), form) != e.never_match.end()) {
        continue;
      }
      const size_t n = Tokenize(form).size();
      if (n < 2) continue;
      for (const char* before : {"Selon ", "selon le ", "avec la ", "with the "}) {
        Analysis a(absl::StrCat(before, form, "."));
        matcher.Match(&a);
        const size_t first = Tokenize(before).size();
        // Names written with commas or brackets ("Korea, Republic of") are
        // never read whole from text.
        bool joined = true;
        for (size_t t = first; t + 1 < first + n; ++t) joined = joined && a.index.Joined(t);
        if (!joined) continue;
        bool whole = false;
        for (const Mention& m : a.mentions) {
          if (m.first <= first && m.end >= first + n) whole = true;
        }
        EXPECT_TRUE(whole) << before << form;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100u);
}

// A word in lower case is only tried for forms whose first word may be in
// lower case: every adjective the gazetteer writes in lower case
// ("kirghize") is still read, and a capitalized name's first word written
// in lower case is not ("le caire").
TEST(AnalysisRulesTest, LowerCaseWordsStartOnlyLowerCaseForms) {
  const EntityMatcher matcher(TestGazetteer());
  size_t adjectives = 0;
  for (const gazetteer::Entry& e : TestGazetteer().entries()) {
    if (!e.matchable) continue;
    for (const std::string& adjective : e.adjectives) {
      const TokenList words = Tokenize(adjective);
      if (words.size() != 1 || words[0].capitalized || words[0].end - words[0].start < 2) continue;
      Analysis a(absl::StrCat("le président ", adjective, "."));
      matcher.Match(&a);
      bool read = false;
      for (const Mention& m : a.mentions) read = read || (m.first == 2 && m.adjective);
      EXPECT_TRUE(read) << adjective;
      ++adjectives;
    }
  }
  EXPECT_GT(adjectives, 50u);
  Analysis a("selon le caire et la paz, selon Le Caire.");
  matcher.Match(&a);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_EQ(a.mentions[0].first, 7u);
}

// FindTitles steps over words that start no title on a filter of its own
// and walks the trie only as far as it goes on: every title of the
// gazetteer is still read whole, also with a country adjective inside
// ("ministre ouzbek des Affaires étrangères") and after a person's name.
TEST(AnalysisRulesTest, EveryTitleIsReadWhole) {
  const EntityMatcher matcher(TestGazetteer());
  const RoleReader reader(TestGazetteer());
  size_t checked = 0;
  for (const gazetteer::RoleTitle& title : TestGazetteer().role_titles()) {
    const bool french = title.language == "fr";
    const size_t n = Tokenize(title.title).size();
    // The text before the title, the title, the text after it.
    struct Case {
      std::string before, title, after;
      size_t tokens;  // the title's, with an adjective inside
    };
    std::vector<Case> cases = {{french ? "Selon le " : "According to the ", title.title, " Dupont.", n},
                               {"Wang Yi, ", title.title, ", a dit.", n}};
    const size_t space = title.title.find(' ');
    if (space != std::string::npos) {
      cases.push_back({french ? "Le " : "The ",
                       absl::StrCat(title.title.substr(0, space), french ? " ouzbek" : " Uzbek",
                                    title.title.substr(space)),
                       " a dit.", n + 1});
    }
    for (const Case& c : cases) {
      const std::string text = absl::StrCat(c.before, c.title, c.after);
      Analysis a(text);
      a.language = title.language;
      matcher.Match(&a);
      reader.FindTitles(&a);
      const size_t first = Tokenize(c.before).size();
      // Titles that name a country ("... du peuple chinois") leave it out
      // by design.
      bool names_country = false;
      for (size_t t = first; t < first + c.tokens; ++t) {
        if (a.MentionAt(t) >= 0 && t != first + 1) names_country = true;
      }
      if (names_country) continue;
      bool whole = false;
      for (const RoleMention& r : a.roles) {
        if (r.first <= first && r.end >= first + c.tokens) whole = true;
      }
      EXPECT_TRUE(whole) << text;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
}

// WordList's length and first-byte masks turn words away before any
// compare: it agrees with a plain search of the list on the list's words,
// their prefixes and suffixes, one-byte changes of them, the empty word,
// long words and random bytes.
TEST(AnalysisRulesTest, WordListAgreesWithAPlainSearch) {
  static constexpr auto kList =
      MakeWordList("m", "mme", "est", "a", "ete", "republique", "aupres", "x", "excellency");
  const std::vector<std::string> plain = {"m",      "mme", "est", "a",         "ete",
                                          "republique", "aupres", "x", "excellency"};
  std::vector<std::string> probes = {"", std::string(70, 'a'), std::string(63, 'e'), "\xc3\xa9t\xc3\xa9"};
  for (const std::string& w : plain) {
    for (size_t n = 0; n <= w.size(); ++n) {
      probes.push_back(w.substr(0, n));
      probes.push_back(w.substr(n));
    }
    for (size_t at = 0; at < w.size(); ++at) {
      std::string changed = w;
      changed[at] ^= 0x20;
      probes.push_back(changed);
      changed[at] = static_cast<char>(changed[at] ^ 0x20 ^ 0x40);
      probes.push_back(changed);
    }
    probes.push_back(w + "s");
  }
  std::mt19937 random(11);
  for (int k = 0; k < 2000; ++k) {
    std::string w(random() % 12, ' ');
    for (char& c : w) c = static_cast<char>("aemstxr\x80\xff"[random() % 9]);
    probes.push_back(w);
  }
  for (const std::string& w : probes) {
    const bool expected = std::find(plain.begin(), plain.end(), w) != plain.end();
    EXPECT_EQ(kList.Has(w), expected) << w;
  }
}

}  // namespace
}  // namespace dragoman::extraction
