#!/usr/bin/env escript
main(_) ->
    Pid = spawn(fun() -> receive after 200 -> exit(kill) end end),
    [Pid ! {route, I} || I <- lists:seq(1, 500)],
    {message_queue_len, N} = Q = erlang:process_info(Pid, message_queue_len),
    io:format("JOB_NAME=repro~nBUILD_NUMBER=3~nprocesses sorted by queue_len desc:~n ~p~n", [[{Pid, {message_queue_len, N}}]]),
    io:format("message queue len of pid ~p : ~p~n", [Pid, Q]),
    timer:sleep(500),
    io:format("message in pid ~p :~n ~p~n", [Pid, case erlang:process_info(Pid, messages) of {messages, M} -> lists:sublist(M, 20); Other -> Other end]).
