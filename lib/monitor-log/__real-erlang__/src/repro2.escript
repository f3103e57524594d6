#!/usr/bin/env escript
main([D]) ->
    Pid = self(),
    Ms = [{'$gen_call', {Pid, [alias | make_ref()]}, {block_call, mnesia_lib, db_get, [session, {<<"u">>, <<"im.example.cn">>}], Pid}}
          || _ <- lists:seq(1, 20)],
    io:format("JOB_NAME=repro~nBUILD_NUMBER=2~nprocesses sorted by queue_len desc:~n ~p~n", [[{Pid, {message_queue_len, 203}}]]),
    io:format("message queue len of pid ~p : ~p~n", [Pid, {message_queue_len, 203}]),
    io:format("message in pid ~p :~n ~P~n", [Pid, Ms, list_to_integer(D)]).
