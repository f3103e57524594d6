#!/usr/bin/env escript
%% -*- coding: utf-8 -*-
main([D]) ->
    J = fun(U, S, R) -> {jid, U, S, R, U, S, R} end,
    Room = J(<<"运维值班"/utf8>>, <<"conference.im.example.cn">>, <<>>),
    Msg = fun(I) -> {message, integer_to_binary(I), groupchat, <<"zh">>, J(<<"alice">>, <<"im.example.cn">>, <<"pc">>),
                     Room, [], [{text, <<>>, <<"部署完成"/utf8>>}], undefined, [], #{}} end,
    Call = {'$gen_sync_all_state_event', {self(), [alias | make_ref()]}, get_config},
    Ms = [{'$gen_event', {route, <<>>, Msg(I)}} || I <- lists:seq(1, 19)] ++ [Call],
    Pid = self(),
    io:format("JOB_NAME=repro~nBUILD_NUMBER=1~nprocesses sorted by queue_len desc:~n ~p~n", [[{Pid, {message_queue_len, 3666}}]]),
    io:format("message queue len of pid ~p : ~p~n", [Pid, {message_queue_len, 3666}]),
    io:format("message in pid ~p :~n ~P~n", [Pid, Ms, list_to_integer(D)]).
