/*
 * test_lessons_text.c - the lessons brain's text helpers: the stemmer and
 * word matching, irregular forms and synonyms, question kinds and how
 * sentences fit them (dates for "when", numbers for "how many", and the
 * question words that only name that kind), references back, and quiz
 * grading.
 */
#include "pl_test.h"

#include "brain/lessons_int.h"

#include <string.h>

static int same(const char *a, const char *b)
{
    return tt_same_word(a, strlen(a), b, strlen(b));
}

PL_TEST(stems_and_word_forms)
{
    char out[64];
    tt_stem("cities", 6, out, sizeof(out));
    PL_CHECK_STR(out, "citi");
    tt_stem("declined", 8, out, sizeof(out));
    PL_CHECK_STR(out, "declin");
    PL_CHECK(same("decline", "declined"));
    PL_CHECK(same("mummy", "mummies"));
    PL_CHECK(same("mummie", "mummy"));
    PL_CHECK(same("evaporation", "evaporate"));
    PL_CHECK(same("newton's", "newton"));
    PL_CHECK(!same("cell", "cellulose"));
    PL_CHECK(!same("plant", "planet"));
    const char *syn[8];
    int n = tt_synonyms("killed", 6, syn, 8);
    int found = 0;
    for (int i = 0; i < n; i++)
        found |= strcmp(syn[i], "assassinated") == 0;
    PL_CHECK(found);
    n = tt_synonyms("zero", 4, syn, 8);
    PL_CHECK(n >= 1 && strcmp(syn[0], "0") == 0);
    PL_CHECK_INT(tt_synonyms("photosynthesis", 14, syn, 8), ==, 0);
}

PL_TEST(question_kinds)
{
    PL_CHECK_INT(tt_question_type("when did the cities decline"), ==, QT_WHEN);
    PL_CHECK_INT(tt_question_type("what year was this"), ==, QT_WHEN);
    PL_CHECK_INT(tt_question_type("when should i use a semicolon"), !=, QT_WHEN);
    PL_CHECK_INT(tt_question_type("how many teeth does an adult have"), ==, QT_NUMBER);
    PL_CHECK_INT(tt_question_type("how many years of weather make a climate"), ==, QT_NUMBER);
    PL_CHECK_INT(tt_question_type("who started it"), ==, QT_WHO);
    PL_CHECK_INT(tt_question_type("why"), ==, QT_WHY);
    PL_CHECK_INT(tt_question_type("what is the formula for the area of a circle"), ==, QT_FORMULA);
    PL_CHECK_INT(tt_question_type("what is the difference between weather and climate"), ==,
                 QT_COMPARE);
    PL_CHECK_INT(tt_question_type("what is bile for"), ==, QT_PURPOSE);
    PL_CHECK_INT(tt_question_type("what does the nucleus do"), ==, QT_PURPOSE);
    PL_CHECK_INT(tt_question_type("what is a simile"), ==, QT_DEFINE);
    PL_CHECK_INT(tt_question_type("how do clouds form"), ==, QT_HOW);

    const char *asked[] = {"harappa"};
    const char *s1 = "It is called the Harappan civilisation, after Harappa.";
    const char *s2 = "In 1921 the archaeologist Daya Ram Sahni began excavating Harappa.";
    PL_CHECK(tt_type_fit(QT_WHO, s1, strlen(s1), asked, 1) == 0); /* only the asked name */
    PL_CHECK(tt_type_fit(QT_WHO, s2, strlen(s2), asked, 1) > 0);
    PL_CHECK(tt_type_fit(QT_WHEN, s2, strlen(s2), NULL, 0) > 0);
    PL_CHECK(tt_type_fit(QT_WHEN, s1, strlen(s1), NULL, 0) == 0);
    const char *f = "If the shorter sides are a and b, then a^2 + b^2 = c^2.";
    PL_CHECK(tt_type_fit(QT_FORMULA, f, strlen(f), NULL, 0) > 0);
    const char *w = "Farming grew harder, so people moved away.";
    PL_CHECK(tt_type_fit(QT_WHY, w, strlen(w), NULL, 0) > 0);

    PL_CHECK(tt_has_anaphora("who started it"));
    PL_CHECK(tt_has_anaphora("what year was this"));
    PL_CHECK(!tt_has_anaphora("what is photosynthesis"));
    PL_CHECK(tt_continues("These are called simultaneous equations.", 40));
    PL_CHECK(!tt_continues("Theseus was a hero.", 19));
}

static double fit(tt_qtype_t t, const char *s)
{
    return tt_type_fit(t, s, strlen(s), NULL, 0);
}

static int type_word(tt_qtype_t t, const char *q, const char *w)
{
    return tt_type_word(t, q, w, strlen(w));
}

PL_TEST(dates_numbers_and_answer_kinds)
{
    /* a "when" question wants a date: marked years, not counts or amounts */
    PL_CHECK(fit(QT_WHEN, "It flourished from about 2600 BCE to 1900 BCE.") == 1.0);
    PL_CHECK(fit(QT_WHEN, "In 1921, the archaeologist began digging.") == 1.0);
    PL_CHECK(fit(QT_WHEN, "India became independent on 15 August 1947.") == 1.0);
    PL_CHECK(fit(QT_WHEN, "Vesuvius erupted in AD 79.") == 1.0);
    PL_CHECK(fit(QT_WHEN, "The ruins were excavated in the 1920s.") == 1.0);
    PL_CHECK(fit(QT_WHEN, "It began in the 18th century in Britain.") == 1.0);
    PL_CHECK(fit(QT_WHEN, "The railway opened 1830 and carried passengers.") > 0.5);
    PL_CHECK(fit(QT_WHEN, "Archaeologists have found more than 1000 settlements.") == 0);
    PL_CHECK(fit(QT_WHEN, "It gets about 11,870 millimetres of rain.") == 0);
    PL_CHECK(fit(QT_WHEN, "The city had roughly 700 wells.") == 0);
    PL_CHECK(fit(QT_WHEN, "The pool is 2.4 metres deep.") == 0);
    PL_CHECK(fit(QT_WHEN, "The rains weakened over several centuries.") == 0);
    PL_CHECK(fit(QT_WHEN, "It lasted for a century.") > 0);
    /* a "how many" question wants a number, in digits or in words */
    PL_CHECK(fit(QT_NUMBER, "Adults have 32 teeth.") == 1.0);
    PL_CHECK(fit(QT_NUMBER, "A spider has eight legs.") > 0.5);
    PL_CHECK(fit(QT_NUMBER, "Spiders are not insects.") == 0);

    /* words that only name the kind of answer wanted */
    PL_CHECK(type_word(QT_WHEN, "what year was this", "year"));
    PL_CHECK(type_word(QT_WHEN, "in which century did it begin", "century"));
    PL_CHECK(!type_word(QT_WHEN, "what year was this", "this"));
    PL_CHECK(!type_word(QT_WHEN, "when did the year begin", "year"));
    PL_CHECK(type_word(QT_NUMBER, "how many teeth does an adult have", "many"));
    PL_CHECK(!type_word(QT_NUMBER, "how many teeth does an adult have", "teeth"));
    PL_CHECK(!type_word(QT_NUMBER, "how many years of weather make a climate", "years"));
    PL_CHECK(type_word(QT_NUMBER, "what is the number of planets", "number"));
    PL_CHECK(!type_word(QT_DEFINE, "what year is a leap year", "year"));
    PL_CHECK(!type_word(QT_WHEN, "what year was this", ""));
}

PL_TEST(normalise)
{
    char out[64];
    tt_normalise("  OK,   Continue!!  ", 20, out, sizeof(out));
    PL_CHECK_STR(out, "ok, continue");
    tt_normalise("What\xE2\x80\x99s next?", 14, out, sizeof(out));
    PL_CHECK_STR(out, "what's next");
    /* never cut inside a code point */
    tt_normalise("ab\xC3\xA9", 4, out, 4);
    PL_CHECK_STR(out, "ab");
}

PL_TEST(grading)
{
    PL_CHECK_INT(tt_grade("Oxygen", "oxygen", 6), ==, TG_RIGHT);
    PL_CHECK_INT(tt_grade("Oxygen", "I think it's oxygen gas", 23), ==, TG_RIGHT);
    PL_CHECK_INT(tt_grade("Chlorophyll", "chlorophyl", 10), ==, TG_RIGHT);
    PL_CHECK_INT(tt_grade("Chlorophyll", "chlorine", 8), ==, TG_WRONG);
    PL_CHECK_INT(tt_grade("Light intensity", "light", 5), ==, TG_PARTLY);
    PL_CHECK_INT(tt_grade("Harappa or Mohenjo-daro", "mohenjo-daro", 12), ==, TG_RIGHT);
    PL_CHECK_INT(tt_grade("1900 BCE", "around 1900 BCE", 15), ==, TG_RIGHT);
    PL_CHECK_INT(tt_grade("1900 BCE", "1800 BCE", 8), ==, TG_PARTLY); /* the number is wrong */
    PL_CHECK_INT(tt_grade("x = -2 or x = -3", "x = -2", 6), ==, TG_PARTLY);
    PL_CHECK_INT(tt_grade("x = -2 or x = -3", "-2 and -3", 9), ==, TG_RIGHT);
    PL_CHECK_INT(tt_grade("Oxygen", "", 0), ==, TG_WRONG);
    PL_CHECK_INT(tt_grade("Oxygen", "the", 3), ==, TG_WRONG);
}

PL_TEST_MAIN(PL_TEST_ENTRY(stems_and_word_forms), PL_TEST_ENTRY(question_kinds),
             PL_TEST_ENTRY(dates_numbers_and_answer_kinds), PL_TEST_ENTRY(normalise),
             PL_TEST_ENTRY(grading))
