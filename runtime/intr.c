/*
 * intr.c - SIGINT and SIGTERM during upgrade and downgrade.
 *
 * Guarantees: the first signal is remembered and, while a revision's
 * statements run ("armed"), a cancel request is sent for the running
 * statement with PQcancel(), which libpq documents as safe to call from a
 * signal handler; the revision's transaction then fails and is rolled back
 * by txn.c, which never sends COMMIT once a signal has arrived.  The
 * handler does nothing else but write(2) one line: everything that
 * formats or allocates happens in the main flow.  A second signal exits
 * at once with RT_EXIT_INTERRUPTED; the revision in progress still
 * rolls back, because its COMMIT has not been sent (see txn.c).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_run.h"

static volatile sig_atomic_t got_signal;	/* the first signal, or 0 */
static volatile sig_atomic_t armed;		/* send a cancel on a signal */
static PGcancel *volatile cancel_obj;		/* owned; NULL when not installed */
static char first_line[160], again_line[160];	/* prepared messages */
static size_t first_len, again_len;
static struct sigaction old_int, old_term;
static int installed;

static void say(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void on_signal(int sig)
{
	int saved = errno;

	if (got_signal) {
		say(again_line, again_len);
		_exit(RT_EXIT_INTERRUPTED);
	}
	got_signal = sig;
	say(first_line, first_len);
	if (armed && cancel_obj) {
		char buf[256];

		PQcancel(cancel_obj, buf, sizeof buf);
	}
	errno = saved;
}

static size_t prepare(char *buf, size_t size, const char *prog, const char *text)
{
	size_t n = strlen(prog), m = strlen(text);

	if (n + m + 1 >= size)
		n = 0;
	memcpy(buf, prog, n);
	memcpy(buf + n, text, m);
	buf[n + m] = '\0';
	return n + m;
}

void rt_intr_install(struct rt_ctx *ctx)
{
	struct sigaction sa;

	if (installed)
		return;
	first_len = prepare(first_line, sizeof first_line, ctx->prog,
			    ": interrupted: stopping (a second signal exits at once)\n");
	again_len = prepare(again_line, sizeof again_line, ctx->prog,
			    ": interrupted again: exiting now; the revision in progress "
			    "is not committed\n");
	cancel_obj = ctx->conn ? PQgetCancel(ctx->conn) : NULL;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	installed = 1;
}

void rt_intr_remove(void)
{
	PGcancel *c = cancel_obj;
	sigset_t set, old;

	if (!installed)
		return;
	/* block both signals while the handler's object goes away */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, &old);
	armed = 0;
	cancel_obj = NULL;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	installed = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (c)
		PQfreeCancel(c);
}

void rt_intr_arm(int on)
{
	armed = on ? 1 : 0;
}

int rt_intr_pending(void)
{
	return got_signal;
}
