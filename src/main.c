/*
 * main.c - global options, dispatch through the command table, exit code.
 */
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "log.h"
#include "opts.h"

int
main(int argc, char **argv)
{
	struct app		 app;
	const struct command	*cmd;
	struct option		*longopts;
	struct buf		 why = BUF_INIT;
	int			 c, rc;

	memset(&app, 0, sizeof app);
	app.argv0 = argv[0];
	app.provider = "maildoso";
	app.progress = PROGRESS_AUTO;
	app.max_wait = -1;
	signal(SIGPIPE, SIG_IGN);
#ifdef M_ARENA_MAX
	/* glibc gives each worker thread an arena of its own, and each
	 * keeps its high-water pages: 2 arenas hold import's peak RSS some
	 * 2 MB lower (-j 8) at no measured cost in rows/s. */
	mallopt(M_ARENA_MAX, 2);
#endif
	/* Over a file size limit, write(2) fails with EFBIG and the error
	 * is reported, instead of the process dying mid-record. */
	signal(SIGXFSZ, SIG_IGN);
	log_set_prog("mailfleet");

	longopts = opts_merge(NULL);
	opterr = 0;
	rc = -1;
	while (rc < 0 && (c = getopt_long(argc, argv, "+:" GLOBAL_SHORTOPTS,
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_usage(stdout);
			rc = EXIT_OK;
			break;
		case '?':
		case ':':
			opts_describe_error(c, argv, &why);
			log_error("%s", buf_cstr(&why));
			buf_free(&why);
			cmd_print_usage(stderr);
			rc = EXIT_USAGE;
			break;
		default:
			switch (opts_global(&app, c, optarg)) {
			case 2:
				rc = EXIT_OK;
				break;
			case 1:
				break;
			default:
				rc = EXIT_USAGE;
			}
		}
	}
	free(longopts);
	if (rc >= 0)
		return rc;
	if (optind >= argc) {
		log_error("no command given");
		cmd_print_usage(stderr);
		return EXIT_USAGE;
	}
	if ((cmd = cmd_find(argv[optind])) == NULL) {
		log_error("unknown command \"%s\"", argv[optind]);
		cmd_print_usage(stderr);
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	optind = 0;		/* GNU getopt: start afresh for the command */
	rc = cmd->run(&app, argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("cannot write to standard output");
		if (rc == EXIT_OK)
			rc = EXIT_IO;
	}
	return rc;
}
