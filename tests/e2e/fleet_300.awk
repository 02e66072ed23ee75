# fleet_300.awk - the 300-row fleet sheet of tests/e2e/fleet_300.sh and
# tests/bench/fleet.sh (awk -f fleet_300.awk > FLEET.csv), over 30
# domains: 225 rows round-robin on own01-own08.com (to be made before the
# plan) and buy01-buy18.com (to buy); 55 rows on big.com (to buy: 5 past
# its accounts_limit of 50); 5 on taken.com (not available); 5 on ext.com
# (domain_source external); 10 on nog.com (made before; no Google there),
# the first a Google row. Forwarding fwd1-3@maildoso.email on own01 and
# buy01; redirect_to on own02 and buy02; sequencer instantly on own03 and
# buy03.
BEGIN {
	print "email,first_name,last_name,password,provider,forwarding," \
	    "domain_source,redirect_to,sequencer,team"
	for (i = 0; i < 225; i++) {
		k = i % 26
		if (k < 8)
			d = sprintf("own%02d.com", k + 1)
		else
			d = sprintf("buy%02d.com", k - 7)
		fwd = red = seq = ""
		if (d == "own01.com" || d == "buy01.com")
			fwd = "fwd" (i % 3 + 1) "@maildoso.email"
		if (d == "own02.com" || d == "buy02.com")
			red = "https://r.example/" d
		if (d == "own03.com" || d == "buy03.com")
			seq = "instantly"
		printf "u%d@%s,U,N%d,,,%s,,%s,%s,t\n", i, d, i, fwd, red, seq
	}
	for (i = 0; i < 55; i++)
		printf "b%d@big.com,B,N%d,,,,,,,t\n", i, i
	for (i = 0; i < 5; i++)
		printf "t%d@taken.com,T,N%d,,,,,,,t\n", i, i
	for (i = 0; i < 5; i++)
		printf "e%d@ext.com,E,N%d,,,,external,,,t\n", i, i
	print "g0@nog.com,G,N0,,google,,,,,t"
	for (i = 1; i < 10; i++)
		printf "g%d@nog.com,G,N%d,,,,,,,t\n", i, i
}
