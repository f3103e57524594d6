#!/bin/bash
# run.sh SCENARIO STYLE SLEEPMS OUT [stamp]
set -u
cd "$(dirname "$0")"  # the .erl files compiled here first: erlc *.erl
# MONITOR=monitor2 (SL2: a delay before the message fetch; styles P10..P80, utf8dev) for the d_* and x_* logs.
MONITOR=${MONITOR:-monitor}
EXTRA=
[ "$MONITOR" = monitor2 ] && EXTRA=${SL2:-0}
export ERL_EPMD_PORT=3720
H=$(hostname -s)
SC=$1; ST=$2; SL=$3; OUT=$4; STAMP=${5:-}
erl -sname ejab -setcookie c -noshell -kernel inet_dist_listen_min 3721 inet_dist_listen_max 3722 -pa . -run fakeejab start $SC > ejab.out 2>&1 &
EJ=$!
sleep 2
CL=
if [ "$SC" = rex_block ]; then
  erl -sname cli -setcookie c -noshell -kernel inet_dist_listen_min 3725 inet_dist_listen_max 3726 -pa . -run client go ejab@$H > cli.out 2>&1 &
  CL=$!
  sleep 4
fi
{
echo "Started by timer"
echo "+ echo JOB_NAME=ejabberd_mqueue_monitor_real"
echo "JOB_NAME=ejabberd_mqueue_monitor_real"
echo "BUILD_NUMBER=$RANDOM"
echo "+ erl -sname monitor -hidden -noshell -eval 'monitor:longest_mq()'"
erl -sname mon -hidden -setcookie c -noshell -kernel inet_dist_listen_min 3723 inet_dist_listen_max 3724 -pa . $ERLFLAGS -run $MONITOR longest_mq ejab@$H $ST $SL $EXTRA
echo "Finished: SUCCESS"
} > raw.out 2>&1
kill $EJ; [ -n "$CL" ] && kill $CL
wait 2>/dev/null
if [ -n "$STAMP" ]; then sed 's/^/[2026-12-07T05:00:00.000Z] /' raw.out > $OUT; else cp raw.out $OUT; fi
