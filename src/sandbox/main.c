/*
 * main.c - mailfleet-sandbox: options, start, wait for a signal, stop.
 *
 * SIGINT and SIGTERM are blocked in every thread (the server threads
 * inherit the mask) and taken with sigtimedwait() here; between signals the
 * loop saves the --state file when the store changed.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "log.h"
#include "num.h"
#include "sandbox/clock.h"
#include "sandbox/persist.h"
#include "sandbox/rng.h"
#include "sandbox/sandbox.h"
#include "sandbox/server.h"
#include "sandbox/stats.h"
#include "sandbox/store.h"
#include "xmalloc.h"

static const char usage_text[] =
"usage: mailfleet-sandbox [options]\n"
"\n"
"Serves Maildoso's and ColdSend's public APIs on one local port, under\n"
"/maildoso (e.g. /maildoso/v1/user/accounts) and /coldsend (standing in\n"
"for https://api.coldsend.pro/api/public/v1). GET /_sandbox/stats reports\n"
"requests, faults, rates and create counts.\n"
"\n"
"  --port N               port (0: a free one; default 8025)\n"
"  --port-file F          write the bound port to F\n"
"  --host ADDR            address to bind (default 127.0.0.1)\n"
"  --threads N            a pool of N server threads (default 0: one\n"
"                         thread per connection)\n"
"  --latency-ms N         delay every provider answer by N ms\n"
"  --jitter-ms N          plus 0..N ms at random\n"
"  --fault SPEC           e.g. 500=0.05,503=0.02,429=0.05,drop=0.02,\n"
"                         commit-drop=0.01,slow=0.01 (also 502, 504)\n"
"  --slow-ms N            delay of the slow fault (default 5000)\n"
"  --seed N               random seed (default 1): runs repeat\n"
"  --time-scale X         provider clocks run X times faster (default 1)\n"
"  --state FILE           load FILE at start, save it on changes and exit\n"
"  --quota accounts=N,domains=N   (default 100000 and 1000)\n"
"  --rate maildoso=R,coldsend=R   R: N/s, N/m, N/h, joined by '+', or\n"
"                         none (default: maildoso none,\n"
"                         coldsend 100/m+1000/h as documented)\n"
"  --fail-rate P          share of domain setups that fail (default 0)\n"
"  --restart-lag S        Maildoso: an accepted restart-setup keeps the\n"
"                         failed status S provider seconds before the\n"
"                         set-up starts (default 0: at once)\n"
"  --maildoso-token T     accepted Bearer token (default pat_sandbox)\n"
"  --coldsend-token T     accepted X-API-Key (default cs_live_sandbox)\n"
"  --campaign-domain D    ColdSend domain D has active campaigns (its\n"
"                         deletion is refused); repeatable\n"
"  --taken-domain D       D cannot be registered (search: unavailable;\n"
"                         buying fails); repeatable, .tld for a TLD\n"
"  --fail-domain D        the first setup of D fails (Maildoso\n"
"                         SETUP_FAILED, ColdSend FAILED); a restart or\n"
"                         retry succeeds; repeatable, .tld for a TLD\n"
"  --no-google D          Google Workspace is not offered for D;\n"
"                         repeatable, .tld for a TLD\n"
"  --price PRODUCT=TIERS  price tiers of maildoso_accounts,\n"
"                         google_accounts or domains: CENTS[:TO],...\n"
"                         (e.g. 300:10,250:50,200); --price none: the\n"
"                         pricing answers 503\n"
"  --require-registrant   Maildoso starts without registrant data (GET\n"
"                         /v1/user/data null) and refuses buys (403)\n"
"                         until it is set (default: the spec's example)\n"
"  --strict-pat           the --maildoso-token stops working once a\n"
"                         regenerated PAT has been read (GET\n"
"                         /v1/user/settings); a regenerated PAT replaces\n"
"                         the old one when it is read, in any case\n"
"  --pat-fault STEP=N     after each PAT regenerate, the next N requests\n"
"                         of STEP (settings: GET /v1/user/settings, me:\n"
"                         GET /v1/user/me) answer 500\n"
"  --smtp-reject HOST     ColdSend: the connection test of an SMTP inbox\n"
"                         on HOST fails (its bulk job row fails);\n"
"                         repeatable\n"
"  -q, --quiet            no start-up line on stderr\n"
"  -h, --help             this text\n";

enum {
	OPT_PORT = 256, OPT_PORT_FILE, OPT_HOST, OPT_THREADS, OPT_LATENCY,
	OPT_JITTER, OPT_FAULT, OPT_SLOW, OPT_SEED, OPT_SCALE, OPT_STATE,
	OPT_QUOTA, OPT_RATE, OPT_FAIL, OPT_RESTARTLAG, OPT_MDTOKEN, OPT_CSTOKEN, OPT_CAMPAIGN,
	OPT_TAKEN, OPT_FAILDOM, OPT_NOGOOGLE, OPT_PRICE, OPT_REQREG,
	OPT_STRICTPAT, OPT_PATFAULT, OPT_SMTPREJECT
};

static const struct option longopts[] = {
	{ "port", required_argument, NULL, OPT_PORT },
	{ "port-file", required_argument, NULL, OPT_PORT_FILE },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "latency-ms", required_argument, NULL, OPT_LATENCY },
	{ "jitter-ms", required_argument, NULL, OPT_JITTER },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "slow-ms", required_argument, NULL, OPT_SLOW },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "time-scale", required_argument, NULL, OPT_SCALE },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "quota", required_argument, NULL, OPT_QUOTA },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "fail-rate", required_argument, NULL, OPT_FAIL },
	{ "restart-lag", required_argument, NULL, OPT_RESTARTLAG },
	{ "maildoso-token", required_argument, NULL, OPT_MDTOKEN },
	{ "coldsend-token", required_argument, NULL, OPT_CSTOKEN },
	{ "campaign-domain", required_argument, NULL, OPT_CAMPAIGN },
	{ "taken-domain", required_argument, NULL, OPT_TAKEN },
	{ "fail-domain", required_argument, NULL, OPT_FAILDOM },
	{ "no-google", required_argument, NULL, OPT_NOGOOGLE },
	{ "price", required_argument, NULL, OPT_PRICE },
	{ "require-registrant", no_argument, NULL, OPT_REQREG },
	{ "strict-pat", no_argument, NULL, OPT_STRICTPAT },
	{ "pat-fault", required_argument, NULL, OPT_PATFAULT },
	{ "smtp-reject", required_argument, NULL, OPT_SMTPREJECT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
num(const char *opt, const char *s, unsigned long long max,
    unsigned long long *out)
{
	if (num_parse_ull(s, max, out) != 0) {
		log_error("%s: '%s' is not a number in 0..%llu", opt, s, max);
		return -1;
	}
	return 0;
}

static int
real(const char *opt, const char *s, double lo, double hi, double *out)
{
	if (num_parse_double(s, lo, hi, out) != 0) {
		log_error("%s: '%s' is not a number in %g..%g", opt, s, lo, hi);
		return -1;
	}
	return 0;
}

/* "accounts=N,domains=N" and "maildoso=R,coldsend=R". */
static int
pairs(struct sbx_config *cfg, const char *opt, const char *s)
{
	char			*copy = xstrdup(s), *item, *save = NULL, *eq;
	char			 err[256];
	unsigned long long	 n;
	int			 rc = 0;

	for (item = strtok_r(copy, ",", &save); item != NULL && rc == 0;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL) {
			log_error("%s: '%s' is not KEY=VALUE", opt, item);
			rc = -1;
			break;
		}
		*eq++ = '\0';
		if (strcmp(opt, "--quota") == 0) {
			if (strcmp(item, "accounts") == 0)
				rc = num(opt, eq, 100000000, &n),
				    cfg->quota_accounts = (long long)n;
			else if (strcmp(item, "domains") == 0)
				rc = num(opt, eq, 100000000, &n),
				    cfg->quota_domains = (long long)n;
			else {
				log_error("--quota: unknown '%s' (accounts, "
				    "domains)", item);
				rc = -1;
			}
			continue;
		}
		if (strcmp(item, "maildoso") == 0)
			rc = sbx_rate_parse(&cfg->md_rate, eq, err, sizeof err);
		else if (strcmp(item, "coldsend") == 0)
			rc = sbx_rate_parse(&cfg->cs_rate, eq, err, sizeof err);
		else {
			snprintf(err, sizeof err, "unknown provider '%s' "
			    "(maildoso, coldsend)", item);
			rc = -1;
		}
		if (rc != 0)
			log_error("--rate: %s", err);
	}
	free(copy);
	return rc;
}

/* The options that take an unsigned number into an unsigned of cfg. */
static const struct uopt {
	int			 code;
	const char		*name;
	unsigned long long	 max;
	size_t			 off;
} uopts[] = {
	{ OPT_PORT, "--port", 65535, offsetof(struct sbx_config, port) },
	{ OPT_THREADS, "--threads", 1024,
	  offsetof(struct sbx_config, threads) },
	{ OPT_LATENCY, "--latency-ms", 600000,
	  offsetof(struct sbx_config, latency_ms) },
	{ OPT_JITTER, "--jitter-ms", 600000,
	  offsetof(struct sbx_config, jitter_ms) },
	{ OPT_SLOW, "--slow-ms", 3600000,
	  offsetof(struct sbx_config, slow_ms) },
	{ 0, NULL, 0, 0 }
};

/* The repeatable domain-name options, by code. */
static struct sbx_names *
names_of(struct sbx_config *cfg, int c)
{
	switch (c) {
	case OPT_CAMPAIGN:
		return &cfg->campaign;
	case OPT_TAKEN:
		return &cfg->taken;
	case OPT_FAILDOM:
		return &cfg->fail;
	case OPT_NOGOOGLE:
		return &cfg->no_google;
	case OPT_SMTPREJECT:
		return &cfg->smtp_reject;
	}
	return NULL;
}

static void
names_add(struct sbx_names *names, const char *name)
{
	names->v = xreallocarray(names->v, names->n + 1, sizeof *names->v);
	names->v[names->n++] = name;
}

/* "PRODUCT=CENTS[:TO],..." (the last tier without TO) or "none". */
static int
price(struct sbx_config *cfg, const char *s)
{
	static const char *const products[SBX_PR_COUNT] = {
	    "maildoso_accounts", "google_accounts", "domains" };
	const char		*eq = strchr(s, '=');
	char			*copy, *item, *save = NULL, *to;
	struct sbx_tiers	 t;
	unsigned long long	 n;
	int			 p, rc = 0;

	if (strcmp(s, "none") == 0) {
		cfg->no_pricing = 1;
		return 0;
	}
	for (p = 0; p < SBX_PR_COUNT && (eq == NULL || strncmp(s,
	    products[p], (size_t)(eq - s)) != 0 ||
	    products[p][eq - s] != '\0'); p++)
		;
	if (p == SBX_PR_COUNT) {
		log_error("--price: '%s' is not PRODUCT=TIERS with PRODUCT "
		    "maildoso_accounts, google_accounts or domains", s);
		return -1;
	}
	memset(&t, 0, sizeof t);
	copy = xstrdup(eq + 1);
	for (item = strtok_r(copy, ",", &save); item != NULL && rc == 0;
	    item = strtok_r(NULL, ",", &save)) {
		if (t.n == SBX_TIERS_MAX || (t.n > 0 && t.to[t.n - 1] < 0)) {
			log_error("--price: at most %d tiers, only the last "
			    "open-ended", SBX_TIERS_MAX);
			rc = -1;
			break;
		}
		if ((to = strchr(item, ':')) != NULL)
			*to++ = '\0';
		rc = num("--price", item, 100000000, &n);
		t.price[t.n] = (long long)n;
		t.to[t.n] = -1;
		if (rc == 0 && to != NULL &&
		    (rc = num("--price", to, 100000000, &n)) == 0) {
			t.to[t.n] = (long long)n;
			if (t.n > 0 && t.to[t.n] <= t.to[t.n - 1]) {
				log_error("--price: tier ends must ascend");
				rc = -1;
			}
		}
		t.n++;
	}
	free(copy);
	if (rc == 0 && t.n == 0) {
		log_error("--price: no tiers for %s", products[p]);
		rc = -1;
	}
	if (rc == 0)
		cfg->prices[p] = t;
	return rc;
}

/* "settings=N" or "me=N" (N 1..1000). */
static int
pat_fault(struct sbx_config *cfg, const char *s)
{
	const char		*eq = strchr(s, '=');
	unsigned long long	 n;

	if (eq == NULL || (strncmp(s, "settings=", 9) != 0 &&
	    strncmp(s, "me=", 3) != 0)) {
		log_error("--pat-fault: '%s' is not settings=N or me=N", s);
		return -1;
	}
	if (num("--pat-fault", eq + 1, 1000, &n) != 0)
		return -1;
	cfg->pat_fault = s[0] == 's' ? "settings" : "me";
	cfg->pat_fault_n = (unsigned)n;
	return 0;
}

/* One option other than -h; 0 or -1 (said). */
static int
option(struct sbx_config *cfg, int c, const char *arg)
{
	const struct uopt	*u;
	unsigned long long	 n;
	char			 err[256];

	for (u = uopts; u->name != NULL; u++)
		if (u->code == c) {
			if (num(u->name, arg, u->max, &n) != 0)
				return -1;
			*(unsigned *)(void *)((char *)cfg + u->off) =
			    (unsigned)n;
			return 0;
		}
	if (names_of(cfg, c) != NULL) {
		names_add(names_of(cfg, c), arg);
		return 0;
	}
	switch (c) {
	case OPT_PORT_FILE:
		cfg->port_file = arg;
		return 0;
	case OPT_HOST:
		cfg->host = arg;
		return 0;
	case OPT_FAULT:
		if (sbx_faults_parse(&cfg->faults, arg, err,
		    sizeof err) != 0) {
			log_error("--fault: %s", err);
			return -1;
		}
		return 0;
	case OPT_SEED:
		if (num("--seed", arg, ~0ULL, &n) != 0)
			return -1;
		cfg->seed = n;
		return 0;
	case OPT_SCALE:
		return real("--time-scale", arg, 1e-3, 1e9, &cfg->time_scale);
	case OPT_STATE:
		cfg->state_file = arg;
		return 0;
	case OPT_QUOTA:
	case OPT_RATE:
		return pairs(cfg, c == OPT_QUOTA ? "--quota" : "--rate", arg);
	case OPT_FAIL:
		return real("--fail-rate", arg, 0, 1, &cfg->fail_rate);
	case OPT_RESTARTLAG:
		return real("--restart-lag", arg, 0, 1e7, &cfg->restart_lag);
	case OPT_MDTOKEN:
		cfg->md_token = arg;
		return 0;
	case OPT_CSTOKEN:
		cfg->cs_token = arg;
		return 0;
	case OPT_PRICE:
		return price(cfg, arg);
	case OPT_REQREG:
		cfg->require_registrant = 1;
		return 0;
	case OPT_STRICTPAT:
		cfg->strict_pat = 1;
		return 0;
	case OPT_PATFAULT:
		return pat_fault(cfg, arg);
	case 'q':
		cfg->quiet = 1;
		return 0;
	}
	fputs(usage_text, stderr);
	return -1;
}

static int
parse_args(struct sbx_config *cfg, int argc, char **argv)
{
	int	c;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (option(cfg, c, optarg) != 0)
			return -1;
	}
	if (optind != argc) {
		log_error("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

static void
defaults(struct sbx_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->host = "127.0.0.1";
	cfg->port = 8025;
	cfg->threads = 0;
	cfg->slow_ms = 5000;
	cfg->time_scale = 1.0;
	cfg->seed = 1;
	cfg->quota_accounts = 100000;
	cfg->quota_domains = 1000;
	cfg->md_token = "pat_sandbox";
	cfg->cs_token = "cs_live_sandbox";
	/* ColdSend's documented limit: 100 per minute and 1,000 per hour. */
	cfg->cs_rate.nwin = 2;
	cfg->cs_rate.limit[0] = 100;
	cfg->cs_rate.seconds[0] = 60;
	cfg->cs_rate.limit[1] = 1000;
	cfg->cs_rate.seconds[1] = 3600;
}

static int
write_port_file(const char *path, unsigned port)
{
	struct buf	 text = BUF_INIT;
	char		 err[512];
	int		 rc;

	buf_printf(&text, "%u\n", port);
	if ((rc = afile_write(path, text.data, text.len, 0644, err,
	    sizeof err)) != 0)
		log_error("%s", err);
	buf_free(&text);
	return rc;
}

/* Save the state when it changed since *saved. */
static void
save_state(struct store *st, const char *path, unsigned long long *saved)
{
	struct buf		 text = BUF_INIT;
	unsigned long long	 v;
	char			 err[256];

	store_lock(st, sbx_clock_now());
	v = st->version;
	if (v != *saved)
		sbx_persist_dump(st, st->now, &text);
	store_unlock(st);
	if (v == *saved)
		return;
	if (sbx_persist_save(path, &text, err, sizeof err) != 0)
		log_warn("%s", err);
	else
		*saved = v;
	buf_free(&text);
}

int
main(int argc, char **argv)
{
	struct sbx_config	 cfg;
	struct store		 st;
	struct sbx_server	 srv;
	sigset_t		 sigs;
	struct timespec		 tick = { 0, 250 * 1000000L };
	unsigned long long	 saved;
	double			 clock0 = 0;
	char			 err[256];
	int			 sig;

	log_set_prog("mailfleet-sandbox");
	defaults(&cfg);
	if (parse_args(&cfg, argc, argv) != 0)
		return 64;
	signal(SIGPIPE, SIG_IGN);
	sbx_rng_seed(cfg.seed);
	sbx_stats_init();
	store_init(&st, &cfg);
	if (cfg.state_file != NULL && sbx_persist_load(&st, cfg.state_file,
	    &clock0, err, sizeof err) != 0) {
		log_error("%s", err);
		store_free(&st);
		return 65;
	}
	saved = st.version;
	sbx_clock_init(cfg.time_scale, clock0);

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if (sbx_server_start(&srv, &cfg, &st) != 0) {
		log_error("%s", srv.err);
		store_free(&st);
		return 74;
	}
	if (strchr(cfg.host, ':') != NULL)
		printf("listening on http://[%s]:%u\n", cfg.host, srv.port);
	else
		printf("listening on http://%s:%u\n", cfg.host, srv.port);
	fflush(stdout);
	if (cfg.port_file != NULL && write_port_file(cfg.port_file,
	    srv.port) != 0) {
		sbx_server_stop(&srv);
		store_free(&st);
		return 74;
	}
	if (!cfg.quiet)
		log_info("maildoso at http://%s:%u/maildoso, coldsend at "
		    "http://%s:%u/coldsend, time scale %g", cfg.host,
		    srv.port, cfg.host, srv.port, cfg.time_scale);
	for (;;) {
		sig = sigtimedwait(&sigs, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (cfg.state_file != NULL)
			save_state(&st, cfg.state_file, &saved);
	}
	sbx_server_stop(&srv);
	if (cfg.state_file != NULL)
		save_state(&st, cfg.state_file, &saved);
	store_free(&st);
	sbx_stats_free();
	free(cfg.campaign.v);
	free(cfg.taken.v);
	free(cfg.fail.v);
	free(cfg.no_google.v);
	free(cfg.smtp_reject.v);
	if (!cfg.quiet)
		log_info("stopped");
	return 0;
}
