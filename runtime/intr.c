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
 *
 * SIGUSR1 is the other request, "finish the revision running, then stop"
 * (what `fleet --on-error stop` sends a running target after another one
 * failed): its handler only sets a flag, which cancels nothing; apply.c
 * reads it between revisions, commits the revision that finished and
 * starts no other.  rt_intr_stop_install() installs that handler for the
 * rest of the process (fleet.c does so before it forks, so a child never
 * runs with SIGUSR1's default action, which would kill it);
 * rt_intr_install() installs it for the duration of a run.
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
static volatile sig_atomic_t stop_asked;	/* SIGUSR1 arrived */
static struct sigaction old_int, old_term, old_usr1;
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

static void on_stop(int sig)
{
	(void)sig;
	stop_asked = 1;
}

static void stop_handler(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, old);
}

void rt_intr_stop_install(void)
{
	stop_handler(NULL);
}

int rt_intr_stop_pending(void)
{
	return stop_asked;
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
	stop_handler(&old_usr1);
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
	sigaction(SIGUSR1, &old_usr1, NULL);
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
