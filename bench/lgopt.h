/*
 * lgopt.h - the load generator's number options, shared by its transport
 * (loadgen.c), seed 000 (tutor.c) and relay (relay.c) modes. Private to
 * bench/.
 */
#ifndef PARLEY_BENCH_LGOPT_H
#define PARLEY_BENCH_LGOPT_H

/** Parses s as a whole decimal integer in [lo, hi] into *out; 0, or -1 (out untouched). */
int lg_parse_long(const char *s, long lo, long hi, long *out);

/** Parses s as a whole number in [lo, hi] into *out; 0, or -1 (out untouched). */
int lg_parse_double(const char *s, double lo, double hi, double *out);

#endif
