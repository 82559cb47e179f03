/*
 * test_feedback.c - the speaking-feedback scorer of seed 002 (feedback.c):
 * word splitting, fillers in and out of context, repetitions, the rate and
 * the two scores, pinned to the documented method, plus bounds and UTF-8.
 */
#include "pl_test.h"

#include "parley/dialects.h"
#include "dialects/improv_int.h"
#include "schemas/pl_msg_common.h"

#include <math.h>

static pl_feedback_t score(const char *text, double confidence, double seconds)
{
    pl_feedback_t fb;
    pl_feedback_score(text, strlen(text), confidence, seconds, &fb);
    return fb;
}

/* The count of a filler in fb, 0 when absent. */
static unsigned filler(const pl_feedback_t *fb, const char *word)
{
    for (size_t i = 0; i < fb->n_fillers; i++)
        if (strcmp(fb->fillers[i].word, word) == 0)
            return fb->fillers[i].count;
    return 0;
}

PL_TEST(clean_turn_scores_full_marks)
{
    pl_feedback_t fb = score("Hello, how are you today?", -1, 0);
    PL_CHECK_INT(fb.words, ==, 5);
    PL_CHECK_INT(fb.filler_count, ==, 0);
    PL_CHECK_INT(fb.n_fillers, ==, 0);
    PL_CHECK_INT(fb.repetitions, ==, 0);
    PL_CHECK_INT(fb.clarity, ==, 100);
    PL_CHECK_INT(fb.fluency, ==, 100);
    PL_CHECK(fb.words_per_minute < 0); /* no timing */
}

PL_TEST(empty_and_wordless_turns_score_zero)
{
    pl_feedback_t fb = score("", -1, 0);
    PL_CHECK_INT(fb.words, ==, 0);
    PL_CHECK_INT(fb.clarity, ==, 0);
    PL_CHECK_INT(fb.fluency, ==, 0);
    fb = score(" ... ?! -- ", 0.9, 3);
    PL_CHECK_INT(fb.words, ==, 0);
    PL_CHECK_INT(fb.clarity, ==, 0);
    PL_CHECK_INT(fb.fluency, ==, 0);
    pl_feedback_score(NULL, 0, -1, 0, &fb);
    PL_CHECK_INT(fb.words, ==, 0);
}

PL_TEST(hesitation_sounds_are_fillers_in_any_spelling)
{
    pl_feedback_t fb = score("Umm I uh think erm it was ahh hmm mm UHM good", -1, 0);
    PL_CHECK_INT(fb.words, ==, 12);
    PL_CHECK_INT(filler(&fb, "um"), ==, 2); /* umm, UHM */
    PL_CHECK_INT(filler(&fb, "uh"), ==, 1);
    PL_CHECK_INT(filler(&fb, "er"), ==, 1);
    PL_CHECK_INT(filler(&fb, "ah"), ==, 1);
    PL_CHECK_INT(filler(&fb, "hmm"), ==, 2); /* hmm, mm */
    PL_CHECK_INT(fb.filler_count, ==, 7);
    /* Words that only look like them are not fillers. */
    fb = score("The umbrella is humming, mum.", -1, 0);
    PL_CHECK_INT(fb.filler_count, ==, 0);
    fb = score("m", -1, 0);
    PL_CHECK_INT(fb.filler_count, ==, 0);
}

PL_TEST(like_counts_only_as_a_filler)
{
    PL_CHECK_INT(score("I like pizza.", -1, 0).filler_count, ==, 0);
    PL_CHECK_INT(score("It looks like rain", -1, 0).filler_count, ==, 0);
    pl_feedback_t fb = score("It was, like, amazing", -1, 0);
    PL_CHECK_INT(filler(&fb, "like"), ==, 1);
    fb = score("Like I said, we went and like everyone cheered", -1, 0);
    PL_CHECK_INT(filler(&fb, "like"), ==, 2); /* turn start, after "and" */
    fb = score("um like we left", -1, 0);
    PL_CHECK_INT(filler(&fb, "like"), ==, 1); /* right after another filler */
    PL_CHECK_INT(filler(&fb, "um"), ==, 1);
}

PL_TEST(phrase_fillers_need_a_pause_after_them)
{
    pl_feedback_t fb = score("You know, it was hard. It was, you know, long", -1, 0);
    PL_CHECK_INT(filler(&fb, "you know"), ==, 2);
    PL_CHECK_INT(fb.filler_count, ==, 2);
    PL_CHECK_INT(score("You know the answer", -1, 0).filler_count, ==, 0);
    PL_CHECK_INT(score("Do you know?", -1, 0).filler_count, ==, 0);
    fb = score("I mean, sure. That's what I mean.", -1, 0);
    PL_CHECK_INT(filler(&fb, "i mean"), ==, 1);
    fb = score("It was kind of, strange and sort of.", -1, 0);
    PL_CHECK_INT(filler(&fb, "kind of"), ==, 1);
    PL_CHECK_INT(filler(&fb, "sort of"), ==, 1);
    PL_CHECK_INT(score("What kind of music is that kind of thing", -1, 0).filler_count, ==, 0);
    /* A phrase filler counts its words in the turn and as one occurrence. */
    fb = score("you know,", -1, 0);
    PL_CHECK_INT(fb.words, ==, 2);
    PL_CHECK_INT(fb.filler_count, ==, 1);
}

PL_TEST(fillers_sorted_by_count_then_word)
{
    pl_feedback_t fb = score("uh um, like, um um uh hmm", -1, 0);
    PL_CHECK_INT(fb.n_fillers, ==, 4);
    PL_CHECK_STR(fb.fillers[0].word, "um");
    PL_CHECK_INT(fb.fillers[0].count, ==, 3);
    PL_CHECK_STR(fb.fillers[1].word, "uh");
    PL_CHECK_INT(fb.fillers[1].count, ==, 2);
    PL_CHECK_STR(fb.fillers[2].word, "hmm"); /* ties: alphabetical */
    PL_CHECK_STR(fb.fillers[3].word, "like");
}

PL_TEST(repetitions_of_words_and_phrases)
{
    PL_CHECK_INT(score("I I think so", -1, 0).repetitions, ==, 1);
    PL_CHECK_INT(score("the the the end", -1, 0).repetitions, ==, 2);
    PL_CHECK_INT(score("I think I think we should", -1, 0).repetitions, ==, 1);
    PL_CHECK_INT(score("I think I think I think", -1, 0).repetitions, ==, 2);
    /* Case does not matter; a filler between copies does not hide a restart. */
    PL_CHECK_INT(score("We, um, we went", -1, 0).repetitions, ==, 1);
    PL_CHECK_INT(score("Go home now", -1, 0).repetitions, ==, 0);
    /* "um um" is two fillers, not a repetition. */
    pl_feedback_t fb = score("um um yes", -1, 0);
    PL_CHECK_INT(fb.repetitions, ==, 0);
    PL_CHECK_INT(filler(&fb, "um"), ==, 2);
}

PL_TEST(scores_follow_the_documented_formula)
{
    /* 10 words, 3 filler occurrences (um, like, you know), 1 repetition. */
    pl_feedback_t fb = score("Um, I I think, like, you know, it was great", -1, 0);
    PL_CHECK_INT(fb.words, ==, 10);
    PL_CHECK_INT(fb.filler_count, ==, 3);
    PL_CHECK_INT(fb.repetitions, ==, 1);
    PL_CHECK_INT(fb.fluency, ==, 25);  /* 100 - 200*0.3 - 150*0.1 */
    PL_CHECK_INT(fb.clarity, ==, 54);  /* 100 - 120*0.3 - 100*0.1 */
    /* Confidence is half of clarity, and leaves fluency alone. */
    pl_feedback_t c = score("Um, I I think, like, you know, it was great", 0.9, 0);
    PL_CHECK_INT(c.clarity, ==, 72);   /* (54 + 90) / 2 */
    PL_CHECK_INT(c.fluency, ==, 25);
    pl_feedback_t low = score("Hello, how are you today?", 0.4, 0);
    PL_CHECK_INT(low.clarity, ==, 70); /* (100 + 40) / 2 */
    /* Confidence out of range is ignored. */
    PL_CHECK_INT(score("Hello, how are you today?", 1.5, 0).clarity, ==, 100);
}

PL_TEST(more_disfluency_never_scores_higher)
{
    const char *turns[] = {
        "I went to the market and bought some apples",
        "I went to the, um, market and bought some apples",
        "I went to the, um, market and, uh, bought some apples",
        "I I went to the, um, market and, uh, bought some some apples",
        "Um I I went to the, um, uh, market and, like, uh, bought bought some some apples",
    };
    int prev_f = 101, prev_c = 101;
    for (size_t i = 0; i < sizeof(turns) / sizeof(turns[0]); i++) {
        pl_feedback_t fb = score(turns[i], -1, 0);
        PL_CHECK_INT(fb.fluency, <, prev_f);
        PL_CHECK_INT(fb.clarity, <, prev_c);
        prev_f = fb.fluency;
        prev_c = fb.clarity;
    }
}

PL_TEST(rate_from_timing)
{
    /* 10 words in 4 s = 150 words a minute: inside the comfortable band. */
    pl_feedback_t fb = score("one two three four five six seven eight nine ten", -1, 4);
    PL_CHECK(fabs(fb.words_per_minute - 150.0) < 1e-9);
    PL_CHECK_INT(fb.fluency, ==, 100);
    /* 10 words in 10 s = 60 wpm: 15 points slow (0.5 per wpm under 90). */
    fb = score("one two three four five six seven eight nine ten", -1, 10);
    PL_CHECK(fabs(fb.words_per_minute - 60.0) < 1e-9);
    PL_CHECK_INT(fb.fluency, ==, 85);
    /* 10 words in 2 s = 300 wpm: 55 over, capped at 40. */
    fb = score("one two three four five six seven eight nine ten", -1, 2);
    PL_CHECK_INT(fb.fluency, ==, 60);
    /* Under half a second of speech the rate is unknown. */
    fb = score("hi there", -1, 0.4);
    PL_CHECK(fb.words_per_minute < 0);
    /* The rate is capped at 1000 (the schema's maximum). */
    fb = score("a b c d e f g h i j k l m n o p q r s t u v w x y z", -1, 0.5);
    PL_CHECK(fb.words_per_minute <= 1000);
}

PL_TEST(run_on_sentences_lower_clarity_only)
{
    /* 45 different words in one sentence. */
    char text[2048] = "";
    for (int i = 0; i < 45; i++)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), "w%d ", i);
    pl_feedback_t fb = score(text, -1, 0);
    PL_CHECK_INT(fb.words, ==, 45);
    PL_CHECK_INT(fb.clarity, ==, 75); /* (45 - 25) * 1.5 = 30, capped at 25 */
    PL_CHECK_INT(fb.fluency, ==, 100);
    /* The same words in three sentences are fine. */
    char split[2048] = "";
    for (int i = 0; i < 45; i++)
        snprintf(split + strlen(split), sizeof(split) - strlen(split), i % 15 == 14 ? "w%d. " : "w%d ",
                 i);
    PL_CHECK_INT(score(split, -1, 0).clarity, ==, 100);
}

PL_TEST(utf8_words_and_apostrophes)
{
    /* Non-ASCII letters are word characters; typographic punctuation separates. */
    pl_feedback_t fb = score("Ça va très bien — merci… “vraiment”", -1, 0);
    PL_CHECK_INT(fb.words, ==, 6);
    /* ’ is an apostrophe: "don’t" is one word and is an exclusion word. */
    fb = score("I don’t know, you know.", -1, 0);
    PL_CHECK_INT(fb.words, ==, 5);
    PL_CHECK_INT(filler(&fb, "you know"), ==, 1);
    fb = score("Don’t you know?", -1, 0);
    PL_CHECK_INT(fb.filler_count, ==, 0);
    /* Truncated UTF-8 at the end is tolerated. */
    const char bad[] = {'h', 'i', ' ', (char)0xE2, (char)0x80};
    pl_feedback_score(bad, sizeof(bad), -1, 0, &fb);
    PL_CHECK_INT(fb.words, >=, 1);
}

PL_TEST(scores_stay_in_range_for_anything)
{
    /* A pseudo-random walk over bytes and filler words. */
    const char *parts[] = {"um ", "uh ", "like, ", "I ", "I ", "you know, ", "x", "\xc3\xa9", ".", ",", " ",
                           "\xe2\x80\x94", "\xff", "mean", "kind of "};
    uint32_t seed = 12345;
    for (int round = 0; round < 500; round++) {
        char text[512];
        size_t n = 0;
        int pieces = (int)(seed % 40);
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 8) % (sizeof(parts) / sizeof(parts[0]))];
            size_t l = strlen(p);
            if (n + l >= sizeof(text))
                break;
            memcpy(text + n, p, l);
            n += l;
        }
        seed = seed * 1103515245u + 12345u;
        double conf = (double)(seed % 1200) / 1000.0 - 0.1;
        double secs = (double)(seed % 9000) / 1000.0;
        pl_feedback_t fb;
        pl_feedback_score(text, n, conf, secs, &fb);
        PL_CHECK(fb.clarity >= 0 && fb.clarity <= 100);
        PL_CHECK(fb.fluency >= 0 && fb.fluency <= 100);
        PL_CHECK(fb.n_fillers <= PL_FEEDBACK_MAX_FILLERS);
        PL_CHECK(fb.filler_count <= fb.words);
        PL_CHECK(fb.words_per_minute <= 1000);
        /* Same input, same result. */
        pl_feedback_t again;
        pl_feedback_score(text, n, conf, secs, &again);
        PL_CHECK(again.clarity == fb.clarity && again.fluency == fb.fluency &&
                 again.repetitions == fb.repetitions && again.filler_count == fb.filler_count);
    }
}

PL_TEST(feedback_serializes_against_the_schema)
{
    pl_feedback_t fb = score("Um, uh, I I like, you know, think so", 0.7, 3.2);
    pl_msg_common_filler_word_t items[PL_FEEDBACK_MAX_FILLERS];
    pl_msg_common_feedback_t m;
    pl_improv__feedback_msg(&fb, &m, items);
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_msg_common_feedback_serialize(&m, &out, NULL), ==, 0);
    PL_CHECK_CONTAINS(out.data, "\"filler_words\":[");
    PL_CHECK_CONTAINS(out.data, "\"repetitions\":1");
    PL_CHECK_CONTAINS(out.data, "\"words_per_minute\":");
    pl_buf_free(&out);
    /* A clean turn without timing is just the seed's two scores. */
    fb = score("Hello there", -1, 0);
    pl_improv__feedback_msg(&fb, &m, items);
    PL_CHECK_INT(pl_msg_common_feedback_serialize(&m, &out, NULL), ==, 0);
    PL_CHECK_STR(out.data, "{\"clarity\":100,\"fluency\":100}");
    pl_buf_free(&out);
}

PL_TEST_MAIN(PL_TEST_ENTRY(clean_turn_scores_full_marks),
             PL_TEST_ENTRY(empty_and_wordless_turns_score_zero),
             PL_TEST_ENTRY(hesitation_sounds_are_fillers_in_any_spelling),
             PL_TEST_ENTRY(like_counts_only_as_a_filler),
             PL_TEST_ENTRY(phrase_fillers_need_a_pause_after_them),
             PL_TEST_ENTRY(fillers_sorted_by_count_then_word),
             PL_TEST_ENTRY(repetitions_of_words_and_phrases),
             PL_TEST_ENTRY(scores_follow_the_documented_formula),
             PL_TEST_ENTRY(more_disfluency_never_scores_higher),
             PL_TEST_ENTRY(rate_from_timing),
             PL_TEST_ENTRY(run_on_sentences_lower_clarity_only),
             PL_TEST_ENTRY(utf8_words_and_apostrophes),
             PL_TEST_ENTRY(scores_stay_in_range_for_anything),
             PL_TEST_ENTRY(feedback_serializes_against_the_schema))
