/*
 * usage.h - migc's --help texts: the whole program's and each command's
 * (`migc COMMAND --help`, `migc help COMMAND`), and migc.conf's
 * (`migc help migc.conf`).
 */
#ifndef MIGC_USAGE_H
#define MIGC_USAGE_H

#include <stdbool.h>
#include <stdio.h>

void usage_main(FILE *out);
/* false when the command has no text of its own (then see usage_main) */
bool usage_command(FILE *out, const char *cmd);
/* The i-th command with a text of its own, NULL after the last. */
const char *usage_command_name(size_t i);

#endif
