/*
 * complete.h - the words shell completions offer (complete.c), for the
 * hidden `migc __complete`.
 */
#ifndef MIGC_COMPLETE_H
#define MIGC_COMPLETE_H

#include <stdio.h>

/* Every "--word" of a --help text, once each, in order of appearance. */
void complete_long_options(FILE *out, const char *text);

/* `migc __complete migrator PROG commands|options|revisions`: what PROG's
 * own --help (or history --offline) names.  Prints nothing when PROG
 * cannot be run; returns 2 for an unknown WHAT, else 0. */
int complete_migrator(FILE *out, const char *prog, const char *what);

#endif
