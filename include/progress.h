/*
 * progress.h - the progress line of a long command on stderr:
 * "\r120/500 rows  40.0 rows/s  ETA 9s  retries 0  failed 0", redrawn at
 * most twice a second, and a last line (done, rate, the extra text) when
 * the command ends. Shown with --progress always, or with auto when
 * stderr is a terminal and -q was not given. Not thread-safe: one thread
 * draws.
 */
#ifndef MAILFLEET_PROGRESS_H
#define MAILFLEET_PROGRESS_H

struct app;

struct progress {
	int		 on;		/* lines are drawn */
	const char	*unit;		/* "rows", "domains", ... (static) */
	double		 start;		/* mono_now() at progress_init */
	double		 last;		/* of the last line drawn */
};

/* Starts the clock; on or off from app->progress and app->quiet. */
void	progress_init(struct progress *pg, const struct app *app,
	    const char *unit);
/* done of total units (total <= 0: unknown, no ETA), extra appended (may
 * be NULL). Drawn when half a second has passed since the last line; with
 * final, the last line (done, rate, extra) and its line end. Nothing when
 * off. */
void	progress_show(struct progress *pg, long done, long total,
	    const char *extra, int final);

#endif
