%% -*- coding: utf-8 -*-
-module(monitor2).
-export([longest_mq/1]).
longest_mq([NodeS, StyleS, SleepS, Sleep2S]) ->
    Node = list_to_atom(NodeS), Style = case StyleS of [$P|_] -> StyleS; _ -> list_to_atom(StyleS) end,
    true = net_kernel:connect_node(Node),
    Procs = rpc:call(Node, erlang, processes, []),
    L = [{P, Q} || P <- Procs, {message_queue_len, _} = Q <- [rpc:call(Node, erlang, process_info, [P, message_queue_len])]],
    Top = lists:sublist(lists:reverse(lists:keysort(2, L)), 10),
    Style =:= utf8dev andalso io:setopts([{encoding, unicode}]),
    io:format("processes sorted by queue_len desc:~n ~p~n", [Top]),
    [{Pid, _} | _] = Top,
    timer:sleep(list_to_integer(SleepS)),
    io:format("message queue len of pid ~p : ~p~n", [Pid, rpc:call(Node, erlang, process_info, [Pid, message_queue_len])]),
    timer:sleep(list_to_integer(Sleep2S)),
    Raw = rpc:call(Node, erlang, process_info, [Pid, messages]),
    Ms = case Raw of {messages, M} -> lists:sublist(M, 20); Other -> Other end,
    case Style of
        tuple -> io:format("message in pid ~p :~n ~p~n", [Pid, setelement(2, Raw, Ms)]);
        [$P|D] -> io:format("message in pid ~p :~n ~P~n", [Pid, Ms, list_to_integer(D)]);
        'P8' -> io:format("message in pid ~p :~n ~P~n", [Pid, Ms, 8]);
        'P12' -> io:format("message in pid ~p :~n ~P~n", [Pid, Ms, 12]);
        _ -> io:format("message in pid ~p :~n ~p~n", [Pid, Ms])
    end,
    init:stop().
