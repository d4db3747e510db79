/*
 * manpage.h - man pages rendered from the --help texts, so that the two
 * cannot drift: `migc __man migc` (migc(1): the program's usage and every
 * command's), `migc __man migc.conf` (migc.conf(5): `migc help migc.conf`)
 * and `migc __man migrate NAME < HELP` (a migrator's --help, read on
 * stdin, as NAME(1)); `migc build --man` writes a migrator's page next
 * to it as BIN.1.  `make install` writes them; tests/e2e/79-install.t
 * checks that every --help line is in the rendered page.
 */
#ifndef MIGC_MANPAGE_H
#define MIGC_MANPAGE_H

#include <stdio.h>

/* `migc __man WHAT [NAME]`: exit status 0, or 2 for an unknown WHAT. */
int man_cmd(int argc, char **argv);
/* The migrator's --help text `help` as NAME(1) on `out`. */
void man_migrator(FILE *out, const char *name, const char *help);

/* `migc build --man`: runs the migrator `bin` with --help and writes its
 * page to `page`; 0, or 2 (with a message) when it cannot. */
int man_for_migrator(const char *bin, const char *page);

#endif
