/*
 * progress.c - the one progress line every long command draws.
 */
#include <stdio.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "job.h"
#include "progress.h"

#define PROGRESS_PERIOD	0.5	/* seconds between two lines */

void
progress_init(struct progress *pg, const struct app *app, const char *unit)
{
	pg->on = app->progress == PROGRESS_ALWAYS ||
	    (app->progress == PROGRESS_AUTO && !app->quiet &&
	    isatty(STDERR_FILENO));
	pg->unit = unit;
	pg->start = mono_now();
	pg->last = pg->start - PROGRESS_PERIOD;	/* the first one at once */
}

static void
draw(struct progress *pg, long done, long total, const char *extra,
    int final)
{
	struct buf	line = BUF_INIT;
	double		el = mono_now() - pg->start, rate;

	rate = el > 0 ? (double)done / el : 0;
	buf_printf(&line, "\r%ld", done);
	if (total > 0 && !final)
		buf_printf(&line, "/%ld", total);
	buf_printf(&line, " %s  %.1f %s/s", pg->unit, rate, pg->unit);
	if (total > 0 && !final && rate > 0)
		buf_printf(&line, "  ETA %lds",
		    (long)((double)(total - done) / rate));
	buf_printf(&line, "  %s   %s", extra ? extra : "", final ? "\n" : "");
	fputs(buf_cstr(&line), stderr);
	buf_free(&line);
}

void
progress_show(struct progress *pg, long done, long total, const char *extra,
    int final)
{
	double	t;

	if (!pg->on)
		return;
	t = mono_now();
	if (!final && t - pg->last < PROGRESS_PERIOD)
		return;
	pg->last = t;
	draw(pg, done, total, extra, final);
}
