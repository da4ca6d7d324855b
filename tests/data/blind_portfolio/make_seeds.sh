#!/usr/bin/env bash
# Write the blind evaluation portfolios (issue 14) next to this script: dev seeds 1-5 and
# test seeds 101-105 of generator/ (author A), test seeds 201-205 of generator_b/ (author B;
# a second world, never tuned on), dev seeds 301-305 of generator_c/ (author C, an accounting
# office with many small clients; dev only), test seeds 401-405 of generator_d/ (author D, a UK
# managed-IT provider with a Kraków desk: Xero, Freshdesk, Harvest + Clockify; never tuned on),
# test seeds 501-505 of generator_e/ (author E, a Warsaw/Berlin translation agency: inFakt,
# Zendesk, Gmail Takeout, CHF; never tuned on), dev seeds 601-605 of generator_f/ (author F, a
# Toronto design studio with a Polish team: FreshBooks, Harvest with decimal commas, .eml
# folders, CAD), dev seeds 701-705 of generator_g/ (author G, a Dublin/Wrocław PR consultancy:
# Xero + bank receipts, Stripe, Fakturownia + KSeF, Clockify, Freshdesk, Gmail mbox and Outlook
# .eml in Windows-1250/ISO-8859-2, EUR/GBP/USD/PLN), test seeds 801-805 of generator_h/ (author H,
# a Gdańsk/Hamburg engineering consultancy: Fakturownia + KSeF, Xero, Harvest + Clockify, .eml and
# mbox, PLN/EUR/SEK/DKK/NOK/GBP; never tuned on), test seeds 901-905 of generator_i/ (author I, a
# Poznań/Lisbon market- and UX-research firm: Fakturownia or inFakt + KSeF, Stripe, bank CSV in
# Windows-1250, Clockify + Harvest, HubSpot, Freshdesk, Gmail mbox and Outlook .eml, PLN/EUR/CZK/USD;
# never tuned on), dev seeds 1001-1005 of generator_j/ (author J, a Kraków/Prague/Vienna events and
# conference-production agency: Fakturownia + KSeF, Xero + bank CSV, Harvest + Clockify, HubSpot,
# Freshdesk, Outlook .eml and Thunderbird mbox, PLN/CZK/EUR/GBP) — benchmarks/bench_decisions.py finds
# them; dev seeds are N < 100, 300-399, 600-699, 700-799 and 1000-1099, the rest test. Each generator was written by an independent author from its README's brief only;
# deterministic per seed; standard library only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seeds="${*:-1 2 3 4 5 101 102 103 104 105 201 202 203 204 205 301 302 303 304 305 401 402 403 404 405 501 502 503 504 505 601 602 603 604 605 701 702 703 704 705 801 802 803 804 805 901 902 903 904 905 1001 1002 1003 1004 1005}"
for n in $seeds; do
  generator="$here/generator"
  if [ "$n" -ge 1000 ]; then generator="$here/generator_j"
  elif [ "$n" -ge 900 ]; then generator="$here/generator_i"
  elif [ "$n" -ge 800 ]; then generator="$here/generator_h"
  elif [ "$n" -ge 700 ]; then generator="$here/generator_g"
  elif [ "$n" -ge 600 ]; then generator="$here/generator_f"
  elif [ "$n" -ge 500 ]; then generator="$here/generator_e"
  elif [ "$n" -ge 400 ]; then generator="$here/generator_d"
  elif [ "$n" -ge 300 ]; then generator="$here/generator_c"
  elif [ "$n" -ge 200 ]; then generator="$here/generator_b"; fi
  python3 "$generator/generate.py" --seed "$n" --out "$here/seed_$n" >/dev/null
  echo "wrote $here/seed_$n"
done
