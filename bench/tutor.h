/*
 * tutor.h - parley-loadgen's seed 000 ("AI tutor") workloads, entered from
 * loadgen.c's mode dispatch: tutor-closed, tutor-open and tutor-fanout
 * (see tutor.c and bench/README.md). Private to bench/.
 */
#ifndef PARLEY_BENCH_TUTOR_H
#define PARLEY_BENCH_TUTOR_H

#include <stdio.h>

/** Whether mode names one of the tutor workloads. Returns 1 or 0. */
int lg_tutor_is_mode(const char *mode);

/**
 * Runs the tutor workload named by argv[1] with the options in argv[2..].
 * Returns the process exit status: 0 for a clean run, 1 for a failed one
 * (errors, lost or out-of-order messages, connect failures), 2 for bad usage
 * or a failed setup.
 */
int lg_tutor_main(int argc, char **argv);

/** Prints the tutor modes' part of the usage text to f. Returns nothing. */
void lg_tutor_usage(FILE *f);

#endif
