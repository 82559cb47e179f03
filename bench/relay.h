/*
 * relay.h - parley-loadgen's llm-direct workload: the provider relay
 * benchmark's reference, streams read straight from an OpenAI-compatible
 * provider (the fake, fakellm.c) with no parleyd in between. Entered from
 * tutor.c's mode dispatch (see relay.c and bench/README.md). Private to
 * bench/.
 */
#ifndef PARLEY_BENCH_RELAY_H
#define PARLEY_BENCH_RELAY_H

#include <stdio.h>

/** Whether mode names the llm-direct workload. Returns 1 or 0. */
int lg_relay_is_mode(const char *mode);

/**
 * Runs llm-direct with the options in argv[2..]. Returns the process exit
 * status: 0 for a clean run, 1 for a failed one (errors, streams cut short
 * or never finished, connect failures), 2 for bad usage or a failed setup.
 */
int lg_relay_main(int argc, char **argv);

/** Prints llm-direct's part of the usage text to f. Returns nothing. */
void lg_relay_usage(FILE *f);

#endif
