// The text analyzer (docs/search.md): spellings that must meet, words that must not, numbers,
// offsets for highlights, the search box parser, and the FTS5 MATCH rendering run against a real
// FTS5 table (hostile input is text, never syntax).

#include "domain/text_analyzer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <initializer_list>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fts5_test_tokenizer.h"

namespace tawasul::domain {
namespace {

std::vector<std::string> Terms(std::string_view text) {
  std::vector<std::string> terms;
  for (const Token& t : Analyze(text)) terms.push_back(t.term);
  return terms;
}

std::vector<std::string> Stems(std::string_view text) {
  std::vector<std::string> stems;
  for (const Token& t : Analyze(text)) stems.push_back(t.stem);
  return stems;
}

// The one token of a single word (fails the test otherwise).
Token Single(std::string_view word) {
  const std::vector<Token> tokens = Analyze(word);
  EXPECT_EQ(tokens.size(), 1u) << word;
  return tokens.empty() ? Token{} : tokens[0];
}

void ExpectSameTerm(std::initializer_list<std::string_view> spellings) {
  const std::string first = Single(*spellings.begin()).term;
  EXPECT_FALSE(first.empty());
  for (const std::string_view s : spellings) EXPECT_EQ(Single(s).term, first) << s;
}

void ExpectSameStem(std::initializer_list<std::string_view> spellings) {
  const std::string first = Single(*spellings.begin()).stem;
  EXPECT_FALSE(first.empty());
  for (const std::string_view s : spellings) EXPECT_EQ(Single(s).stem, first) << s;
}

// Neither the terms nor the stems of two words meet.
void ExpectApart(std::string_view a, std::string_view b) {
  const Token ta = Single(a);
  const Token tb = Single(b);
  EXPECT_NE(ta.term, tb.term) << a << " / " << b;
  EXPECT_NE(ta.stem, tb.stem) << a << " / " << b;
}

TEST(TextAnalyzerTest, HamzaFormsMeet) {
  ExpectSameTerm({"أحمد", "احمد", "إحمد", "آحمد", "ٱحمد"});
  ExpectSameTerm({"مسؤول", "مسوول"});
  ExpectSameTerm({"رئيس", "رييس"});
  ExpectSameTerm({"قرآن", "قران"});
  ExpectSameTerm({"إضاءة", "اضاءه"});
}

TEST(TextAnalyzerTest, TaaMarbutaAndAlefMaqsuraMeet) {
  ExpectSameTerm({"مدرسة", "مدرسه"});
  ExpectSameTerm({"مستشفى", "مستشفي"});
  ExpectSameTerm({"شكوى", "شكوي"});
  EXPECT_EQ(Single("مدرسة").term, "مدرسه");
  EXPECT_EQ(Single("مستشفى").term, "مستشفي");
}

TEST(TextAnalyzerTest, HarakatSuperscriptAlefTatweelAndPresentationFormsAreRemoved) {
  ExpectSameTerm({"مدرسة", "مَدْرَسَةٌ", "مـــدرسة", "مـَدْرَسـَة", "ﻣﺪﺭﺳﺔ"});
  ExpectSameTerm({"هذا", "هٰذا"});
  ExpectSameTerm({"لا", "ﻻ"});
  ExpectSameTerm({"الله", "ﷲ"});
  // A word of tatweel and harakat only is nothing.
  EXPECT_TRUE(Analyze("ـــ ً").empty());
}

TEST(TextAnalyzerTest, PersianLettersFoldToArabic) {
  ExpectSameTerm({"کتاب", "كتاب"});
  ExpectSameTerm({"ی", "ي"});
  // ZWNJ inside a Persian word does not split it.
  ExpectSameTerm({"می‌خواهم", "میخواهم", "ميخواهم"});
}

TEST(TextAnalyzerTest, EveryDigitBecomesAscii) {
  ExpectSameTerm({"123", "١٢٣", "۱۲۳", "１２３", "𝟏𝟐𝟑"});
  EXPECT_EQ(Single("١٢٣").term, "123");
  EXPECT_EQ(Single("١٢٣").stem, "123");
  EXPECT_EQ(Terms("غرفة ٤٠٥ و۶"), (std::vector<std::string>{"غرفه", "405", "و", "6"}));
}

TEST(TextAnalyzerTest, WawAndFaBeforeTheArticleAreStripped) {
  ExpectSameTerm({"المدرسة", "والمدرسة", "فالمدرسة", "المدرسه"});
  ExpectSameTerm({"الانقطاع", "والانقطاع"});
  // Only before ال, and only one letter.
  EXPECT_EQ(Single("ومدرسة").term, "ومدرسه");
  EXPECT_EQ(Single("ووالمدرسة").term, "ووالمدرسه");
}

TEST(TextAnalyzerTest, WordsThatBeginWithWawAlefLamKeepIt) {
  EXPECT_EQ(Single("والد").term, "والد");  // father
  EXPECT_EQ(Single("والدة").term, "والده");
  EXPECT_EQ(Single("والي").term, "والي");  // governor
  EXPECT_EQ(Single("فالح").term, "فالح");
  // Parents are not "the religion".
  ExpectApart("والدين", "الدين");
  // But "and the payment" is "the payment".
  ExpectSameTerm({"والدفع", "الدفع"});
}

TEST(TextAnalyzerTest, ArticleAndProcliticsMeetByStem) {
  // ب ك ل stay in the word (decision: docs/search.md) and meet through the stem.
  EXPECT_EQ(Single("بالمدرسة").term, "بالمدرسه");
  ExpectSameStem({"مدرسة", "مدرسه", "المدرسة", "المدرسه", "بالمدرسة", "للمدرسة", "كالمدرسة",
                  "والمدرسة", "وبالمدرسة", "مدرسين", "المدرسين"});
  ExpectSameStem({"مستشفى", "المستشفى", "بالمستشفى", "للمستشفي"});
  ExpectSameStem({"الكهرباء", "كهرباء", "بالكهرباء"});
  ExpectSameStem({"حفرة", "الحفرة", "حفر", "بالحفرة"});
  ExpectSameStem({"موظف", "الموظفين", "موظفين"});
  // Snowball alone leaves المدرسه and المياه unstemmed after the article; ours does not.
  ExpectSameStem({"مياه", "المياه"});
  ExpectSameStem({"وجه", "الوجه"});
  // The article is not taken from a short word: God is not "for him".
  EXPECT_NE(Single("الله").stem, Single("له").stem);
}

TEST(TextAnalyzerTest, EnglishCaseAndPluralsMeet) {
  ExpectSameTerm({"street", "Street", "STREET"});
  ExpectSameStem({"street", "Streets", "STREETS", "street's", "Street’s"});
  ExpectSameStem({"complaint", "complaints", "Complaints"});
  ExpectSameStem({"run", "running", "runs"});
  EXPECT_EQ(Single("Straße").term, "strasse");  // NFKC_Casefold
  EXPECT_EQ(Single("don't").term, "don't");     // apostrophe inside a Latin word
  EXPECT_EQ(Single("don’t").term, "don't");
}

TEST(TextAnalyzerTest, WordsThatDifferByARealLetterDoNotMeet) {
  ExpectApart("كتاب", "كلاب");  // book, dogs
  ExpectApart("حفرة", "حفلة");  // pothole, party
  ExpectApart("شارع", "شارك");  // street, took part
  ExpectApart("عامل", "عالم");  // worker, world
  ExpectApart("سماء", "سما");   // the lone hamza is a letter
  ExpectApart("street", "streak");
  ExpectApart("123", "124");
  ExpectApart("1234", "12345");
  ExpectApart("café", "cafe");    // Latin accents are letters (no accent folding)
  ExpectApart("سيارة", "سيادة");  // car, sovereignty
  ExpectApart("مريض", "مريح");    // ill, comfortable
}

TEST(TextAnalyzerTest, MixedTextSplitsByScriptAndStemsEachWordInItsLanguage) {
  const std::vector<Token> tokens = Analyze("تطبيق BenefitPay لا يعمل منذ 3 أيام، Streets closed");
  EXPECT_EQ(Terms("تطبيق BenefitPay لا يعمل منذ 3 أيام، Streets closed"),
            (std::vector<std::string>{"تطبيق", "benefitpay", "لا", "يعمل", "منذ", "3", "ايام",
                                      "streets", "closed"}));
  EXPECT_EQ(Stems("Streets closed الشوارع"),
            (std::vector<std::string>{"street", "close", "شوارع"}));
  // A change of script or between letters and digits starts a new word.
  EXPECT_EQ(Terms("شارع12"), (std::vector<std::string>{"شارع", "12"}));
  EXPECT_EQ(Terms("covid19"), (std::vector<std::string>{"covid", "19"}));
  EXPECT_EQ(Terms("iPhoneالجديد"), (std::vector<std::string>{"iphone", "الجديد"}));
  // Other scripts are words without a stemmer.
  EXPECT_EQ(Single("Москвы").stem, "москвы");
}

TEST(TextAnalyzerTest, DigitGroupsAlsoGiveTheWholeNumber) {
  // The joined form, then pieces 26, 0000123, 4 at positions 1, 2, 3 (26 colocated with it).
  const std::vector<Token> tokens = Analyze("المرجع ٢٦-٠٠٠٠١٢٣-٤ شكرا");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].term, "2600001234");
  EXPECT_EQ(tokens[1].stem, "2600001234");
  EXPECT_EQ(tokens[1].position, 1u);
  EXPECT_EQ(tokens[2].term, "26");
  EXPECT_EQ(tokens[2].position, 1u);
  EXPECT_EQ(tokens[3].term, "0000123");
  EXPECT_EQ(tokens[3].position, 2u);
  EXPECT_EQ(tokens[4].term, "4");
  EXPECT_EQ(tokens[5].term, "شكرا");
  EXPECT_EQ(tokens[5].position, 4u);
  EXPECT_EQ(tokens[1].begin, tokens[2].begin);
  EXPECT_EQ(tokens[1].end, tokens[4].end);
  EXPECT_EQ(tokens[2].end - tokens[2].begin, std::string("٢٦").size());
  // Slashes and Unicode dashes join, bidi marks around them do not matter.
  EXPECT_EQ(Terms("2026/11/30"), (std::vector<std::string>{"20261130", "2026", "11", "30"}));
  EXPECT_EQ(Terms("3600–1234"), (std::vector<std::string>{"36001234", "3600", "1234"}));
  EXPECT_EQ(Terms("26\u200F-\u200F0000123"),
            (std::vector<std::string>{"260000123", "26", "0000123"}));
  // A group too long to join still gives its pieces.
  const std::string long_group = std::string(100, '1') + "-" + std::string(100, '2');
  EXPECT_EQ(Terms(long_group),
            (std::vector<std::string>{std::string(100, '1'), std::string(100, '2')}));
  // Spaces, dots, commas, double dashes and letters do not join.
  EXPECT_EQ(Terms("+973 3600 1234"), (std::vector<std::string>{"973", "3600", "1234"}));
  EXPECT_EQ(Terms("3.5"), (std::vector<std::string>{"3", "5"}));
  EXPECT_EQ(Terms("1,000"), (std::vector<std::string>{"1", "000"}));
  EXPECT_EQ(Terms("12--34"), (std::vector<std::string>{"12", "34"}));
  EXPECT_EQ(Terms("A-12"), (std::vector<std::string>{"a", "12"}));
}

// Wraps every word whose stem is `stem` in [ ], using the token offsets (as FTS5 highlight()).
std::string Highlight(std::string_view text, std::string_view stem) {
  std::string out;
  std::size_t at = 0;
  for (const Token& t : Analyze(text)) {
    if (t.stem != stem || t.begin < at) continue;
    out.append(text.substr(at, t.begin - at));
    out += "[";
    out.append(text.substr(t.begin, t.end - t.begin));
    out += "]";
    at = t.end;
  }
  out.append(text.substr(at));
  return out;
}

TEST(TextAnalyzerTest, OffsetsPointAtTheOriginalWords) {
  const std::string text = "ذهبتُ إلى المَدرسةِ، ثم «والمدرسـة» و School: schools!";
  const std::string school = Single("مدرسة").stem;
  EXPECT_EQ(Highlight(text, school), "ذهبتُ إلى [المَدرسةِ]، ثم «[والمدرسـة]» و School: schools!");
  EXPECT_EQ(Highlight(text, "school"), "ذهبتُ إلى المَدرسةِ، ثم «والمدرسـة» و [School]: [schools]!");
  EXPECT_EQ(Highlight("حي ١٢٣، طريق 12", "123"), "حي [١٢٣]، طريق 12");
  // Every offset is inside the text, on a character boundary, and names a non-empty word.
  for (const Token& t : Analyze(text)) {
    ASSERT_LT(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
    EXPECT_NE(static_cast<unsigned char>(text[t.begin]) & 0xC0, 0x80);
    if (t.end < text.size()) {
      EXPECT_NE(static_cast<unsigned char>(text[t.end]) & 0xC0, 0x80);
    }
  }
  // Bidi marks after a word are not part of it.
  const std::vector<Token> marked = Analyze("abc\u200F def");
  ASSERT_EQ(marked.size(), 2u);
  EXPECT_EQ(marked[0].end, 3u);
}

TEST(TextAnalyzerTest, PositionsCountWords) {
  const std::vector<Token> tokens = Analyze("one, two... ثلاثة\nfour");
  ASSERT_EQ(tokens.size(), 4u);
  for (std::size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(tokens[i].position, i);
  // A ligature that is several words gives several positions, all with the ligature's offsets.
  const std::vector<Token> salla = Analyze("ﷺ");
  ASSERT_EQ(salla.size(), 4u);
  EXPECT_EQ(salla[1].term, "الله");
  EXPECT_EQ(salla[3].position, 3u);
  EXPECT_EQ(salla[3].end, std::string("ﷺ").size());
}

TEST(TextAnalyzerTest, OddInputIsSafe) {
  EXPECT_TRUE(Analyze("").empty());
  EXPECT_TRUE(Analyze("  ...!?،؛ -- // \t\n").empty());
  EXPECT_EQ(Terms("abc\xFF"
                  "def"),
            (std::vector<std::string>{"abc", "def"}));
  EXPECT_EQ(Terms("\xC0\xAF"
                  "a"),
            (std::vector<std::string>{"a"}));
  EXPECT_EQ(Terms(std::string_view("a\0b", 3)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Terms("a\u200Bb"), (std::vector<std::string>{"a", "b"}));  // zero width space
  // Words longer than kMaxTermBytes are dropped, not cut, and do not take a position.
  const std::string long_word(kMaxTermBytes + 1, 'x');
  const std::vector<Token> tokens = Analyze("a " + long_word + " b");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].term, "b");
  EXPECT_EQ(tokens[1].position, 1u);
  EXPECT_EQ(Terms(std::string(kMaxTermBytes, 'y')).size(), 1u);
}

TEST(TextAnalyzerTest, AnalyzingATermGivesTheSameTerm) {
  // clang-format 14 would split this line of mixed scripts again on every run.
  // clang-format off
  const std::string text =
      "وَالمُستشفيات بالمدرسة ﷺ ﻻ إنّ Streets don’t Straße ٢٦-٠٠٠٠١٢٣-٤ می‌خواهم ﬁle Ǆemal "
      "ΣΊΣΥΦΟΣ café 𝟏𝟐𝟑 iPhoneالجديد ᾈ";
  // clang-format on
  const std::vector<Token> tokens = Analyze(text);
  ASSERT_GE(tokens.size(), 20u);
  for (const Token& t : tokens) {
    const std::vector<Token> again = Analyze(t.term);
    ASSERT_EQ(again.size(), 1u) << t.term;
    EXPECT_EQ(again[0].term, t.term);
    EXPECT_EQ(again[0].stem, t.stem);
  }
}

TEST(TextAnalyzerTest, ThreadsAnalyzeConcurrently) {
  const std::string text = "انقطاع الكهرباء في المستشفيات منذ الصباح Streets flooded again";
  const std::vector<Token> expected = Analyze(text);
  std::vector<std::vector<Token>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&text, &result] {
      for (int i = 0; i < 200; ++i) result = Analyze(text);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

// --- Query parser ---------------------------------------------------------------------------

std::vector<std::string> ClauseTerms(const QueryClause& clause) {
  std::vector<std::string> terms;
  for (const QueryTerm& t : clause.terms) terms.push_back(t.term);
  return terms;
}

TEST(QueryParserTest, WordsPhrasesExclusionsAndPrefixes) {
  const Query q = ParseQuery(R"(انقطاع "الكهرباء في المنطقة" -مياه مستشف* -"road 12")");
  ASSERT_EQ(q.clauses.size(), 5u);
  EXPECT_EQ(ClauseTerms(q.clauses[0]), (std::vector<std::string>{"انقطاع"}));
  EXPECT_EQ(ClauseTerms(q.clauses[1]), (std::vector<std::string>{"الكهرباء", "في", "المنطقه"}));
  EXPECT_FALSE(q.clauses[1].exclude);
  EXPECT_EQ(ClauseTerms(q.clauses[2]), (std::vector<std::string>{"مياه"}));
  EXPECT_TRUE(q.clauses[2].exclude);
  EXPECT_EQ(ClauseTerms(q.clauses[3]), (std::vector<std::string>{"مستشف"}));
  EXPECT_TRUE(q.clauses[3].prefix);
  EXPECT_FALSE(q.clauses[3].exclude);
  EXPECT_EQ(ClauseTerms(q.clauses[4]), (std::vector<std::string>{"road", "12"}));
  EXPECT_TRUE(q.clauses[4].exclude);
  EXPECT_TRUE(q.HasPositive());
  EXPECT_EQ(RenderFts5Match(q),
            R"(("~انقطاع" AND "~كهرباء ~في ~منطق" AND "مستشف"*) NOT ("~ميا" OR "~road ~12"))");
}

TEST(QueryParserTest, QueriesAreAnalyzedLikeDocuments) {
  const Query q = ParseQuery("والمدرسة Streets ١٢٣");
  ASSERT_EQ(q.clauses.size(), 3u);
  EXPECT_EQ(q.clauses[0].terms[0], (QueryTerm{"المدرسه", "مدرس"}));
  EXPECT_EQ(q.clauses[1].terms[0], (QueryTerm{"streets", "street"}));
  EXPECT_EQ(q.clauses[2].terms[0], (QueryTerm{"123", "123"}));
  // A typed word that is several words is a phrase; a digit group is its joined form only.
  EXPECT_EQ(ClauseTerms(ParseQuery("covid19").clauses.at(0)),
            (std::vector<std::string>{"covid", "19"}));
  EXPECT_EQ(RenderFts5Match(ParseQuery("26-0000123-4")), R"(("~2600001234"))");
  EXPECT_EQ(RenderFts5Match(ParseQuery("٢٦-٠٠٠٠١٢٣-٤")), R"(("~2600001234"))");
}

TEST(QueryParserTest, PrefixNeedsThreeCharacters) {
  EXPECT_TRUE(ParseQuery("str*").clauses.at(0).prefix);
  EXPECT_FALSE(ParseQuery("st*").clauses.at(0).prefix);
  EXPECT_FALSE(ParseQuery("ال*").clauses.at(0).prefix);
  EXPECT_EQ(RenderFts5Match(ParseQuery("Stre**")), R"(("stre"*))");
  EXPECT_EQ(RenderFts5Match(ParseQuery(R"("broken street"*)")), R"(("~broken street"*))");
  // '*' elsewhere is punctuation.
  EXPECT_EQ(RenderFts5Match(ParseQuery("*abc a*b")), R"(("~abc" AND "~a ~b"))");
}

TEST(QueryParserTest, QuotesOfEveryKindAndUnbalancedQuotes) {
  EXPECT_EQ(RenderFts5Match(ParseQuery("«انقطاع الكهرباء» “street light”")),
            R"(("~انقطاع ~كهرباء" AND "~street ~light"))");
  // An unclosed quote runs to the end.
  EXPECT_EQ(RenderFts5Match(ParseQuery(R"(pothole "deep hole)")),
            R"(("~pothol" AND "~deep ~hole"))");
  EXPECT_EQ(RenderFts5Match(ParseQuery(R"(a"b)")), R"(("~a" AND "~b"))");
  EXPECT_EQ(RenderFts5Match(ParseQuery(R"(")")), std::nullopt);
  EXPECT_EQ(RenderFts5Match(ParseQuery(R"("""")")), std::nullopt);
}

TEST(QueryParserTest, OnlyExclusionsOrNothingMatchesNothing) {
  for (const char* input :
       {"", "   ", "-road", "-\"a b\" -c", "- -- ---", "***", "( ) ^ :", "ـــ"}) {
    const Query q = ParseQuery(input);
    EXPECT_FALSE(q.HasPositive()) << input;
    EXPECT_EQ(RenderFts5Match(q), std::nullopt) << input;
  }
  // A '-' that is not at the start of a word is text.
  EXPECT_EQ(RenderFts5Match(ParseQuery("road - 12")), R"(("~road" AND "~12"))");
  EXPECT_EQ(RenderFts5Match(ParseQuery("--road x")), R"(("~x") NOT ("~road"))");
}

TEST(QueryParserTest, Fts5OperatorsTypedByAUserAreText) {
  EXPECT_EQ(RenderFts5Match(ParseQuery("roads AND lights OR NOT NEAR(a b)")),
            R"(("~road" AND "~and" AND "~light" AND "~or" AND "~not" AND "~near ~a" AND "~b"))");
  EXPECT_EQ(RenderFts5Match(ParseQuery("subject:pothole ^start {a b} +c (x)")),
            R"(("~subject ~pothol" AND "~start" AND "~a" AND "~b" AND "~c" AND "~x"))");
}

TEST(QueryParserTest, LongQueriesAreCut) {
  std::string input;
  for (int i = 0; i < 100; ++i) {
    input += 'w';
    input += std::to_string(i);
    input += ' ';
  }
  EXPECT_EQ(ParseQuery(input).clauses.size(), kMaxQueryClauses);
  std::string phrase = "\"";
  for (int i = 0; i < 100; ++i) phrase += "w ";
  const Query q = ParseQuery(phrase + "\" more");
  ASSERT_EQ(q.clauses.size(), 1u);
  EXPECT_EQ(q.clauses[0].terms.size(), kMaxQueryTerms);
}

// --- Against a real FTS5 table ----------------------------------------------------------------

class Fts5MatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_EQ(testing::RegisterFts5TestTokenizer(db_), SQLITE_OK);
    Exec("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'tawasul')");
    const char* docs[] = {
        "انقطاع الكهرباء في المنطقة منذ الصباح",            // 1
        "حفرة عميقة في شارع ١٢ قرب الدوار",                 // 2
        "تأخر الرد على الشكوى رقم ٢٦-٠٠٠٠١٢٣-٤",            // 3
        "The street lights on Road 12 are out",             // 4
        "مدرسة البنات بلا كهرباء والمدرسة الأخرى بلا ماء",  // 5
        "Streets flooded AND closed (near the school)",     // 6
    };
    for (const char* doc : docs) {
      sqlite3_stmt* stmt = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db_, "INSERT INTO docs(body) VALUES (?)", -1, &stmt, nullptr),
                SQLITE_OK);
      sqlite3_bind_text(stmt, 1, doc, -1, SQLITE_STATIC);
      ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
      sqlite3_finalize(stmt);
    }
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const char* sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, &error), SQLITE_OK) << error;
  }

  // The rowids the search box input finds (ascending); a MATCH error fails the test.
  std::set<int> Search(std::string_view input) {
    std::set<int> rows;
    const std::optional<std::string> match = RenderFts5Match(ParseQuery(input));
    if (!match) return rows;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(
        sqlite3_prepare_v2(db_, "SELECT rowid FROM docs WHERE docs MATCH ?", -1, &stmt, nullptr),
        SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match->c_str(), -1, SQLITE_TRANSIENT);
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.insert(sqlite3_column_int(stmt, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << input << " -> " << *match << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return rows;
  }

  std::string HighlightRow(int rowid, std::string_view input) {
    const std::optional<std::string> match = RenderFts5Match(ParseQuery(input));
    std::string out;
    if (!match) return out;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_,
                                 "SELECT highlight(docs, 0, '[', ']') FROM docs "
                                 "WHERE docs MATCH ? AND rowid = ?",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match->c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 2, rowid);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }

  sqlite3* db_ = nullptr;
};

TEST_F(Fts5MatchTest, SpellingsFindTheSameDocuments) {
  EXPECT_EQ(Search("كهرباء"), (std::set<int>{1, 5}));
  EXPECT_EQ(Search("الكهربا*"), (std::set<int>{1}));
  EXPECT_EQ(Search("المدرسه"), (std::set<int>{5}));
  EXPECT_EQ(Search("بالمدرسة"), (std::set<int>{5}));
  EXPECT_EQ(Search("حفره"), (std::set<int>{2}));
  EXPECT_EQ(Search("شارع 12"), (std::set<int>{2}));
  EXPECT_EQ(Search("street"), (std::set<int>{4, 6}));
  EXPECT_EQ(Search("school"), (std::set<int>{6}));
  EXPECT_EQ(Search("تاخر"), (std::set<int>{3}));
}

TEST_F(Fts5MatchTest, PhrasesExclusionsAndReferences) {
  EXPECT_EQ(Search("\"انقطاع الكهرباء\""), (std::set<int>{1}));
  EXPECT_EQ(Search("\"الكهرباء انقطاع\""), (std::set<int>{}));
  EXPECT_EQ(Search("كهرباء -ماء"), (std::set<int>{1}));
  EXPECT_EQ(Search("2600001234"), (std::set<int>{3}));
  EXPECT_EQ(Search("26-0000123-4"), (std::set<int>{3}));
  EXPECT_EQ(Search("٢٦ ٠٠٠٠١٢٣"), (std::set<int>{3}));
  EXPECT_EQ(Search("\"road 12\""), (std::set<int>{4}));
  EXPECT_EQ(Search("12"), (std::set<int>{2, 4}));
}

TEST_F(Fts5MatchTest, HostileInputIsTextNeverSyntax) {
  // "AND" and "near" are words of document 6 only; an operator would have matched others.
  EXPECT_EQ(Search("flooded AND closed"), (std::set<int>{6}));
  EXPECT_EQ(Search("street OR كهرباء"), (std::set<int>{}));
  EXPECT_EQ(Search("NEAR(the school)"), (std::set<int>{6}));
  for (const char* input :
       {"\"",  "\"\"\"",      "a\"b\"c\"", "(",    ")",          "((a",   "a)",         "^a",
        "a:b", "body:street", "{body}:x",  "NOT",  "AND OR NOT", "a NOT", "* *a a**",   "-",
        "- -", "+a",          "\\\"",      "'",    "a'b'",       "NEAR(", "NEAR(a, 3)", "\xFF\xFE",
        "~",   "~مدرس",       "\"~a\"*",   "\x01", "ـ"}) {
    Search(input);  // fails the test on any MATCH error
  }
  // A stem marker typed by the user is punctuation, not a way into the stem index.
  EXPECT_EQ(Search("~street"), Search("street"));
}

TEST_F(Fts5MatchTest, HighlightsUseOriginalOffsets) {
  EXPECT_EQ(HighlightRow(5, "مدرسة"), "[مدرسة] البنات بلا كهرباء [والمدرسة] الأخرى بلا ماء");
  EXPECT_EQ(HighlightRow(3, "2600001234"), "تأخر الرد على الشكوى رقم [٢٦-٠٠٠٠١٢٣-٤]");
  EXPECT_EQ(HighlightRow(4, "Streets"), "The [street] lights on Road 12 are out");
}

}  // namespace
}  // namespace tawasul::domain
