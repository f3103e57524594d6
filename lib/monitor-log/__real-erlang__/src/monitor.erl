%% -*- coding: utf-8 -*-
-module(monitor).
-export([longest_mq/1]).

%% Node, Style (p | w | P30 | tp), SleepMs before the queue-len check
longest_mq([NodeS, StyleS, SleepS]) ->
    Node = list_to_atom(NodeS), Style = list_to_atom(StyleS), Sleep = list_to_integer(SleepS),
    true = net_kernel:connect_node(Node),
    Procs = rpc:call(Node, erlang, processes, []),
    L = [{P, Q} || P <- Procs, {message_queue_len, _} = Q <- [rpc:call(Node, erlang, process_info, [P, message_queue_len])]],
    Top = lists:sublist(lists:reverse(lists:keysort(2, L)), 10),
    io:format("processes sorted by queue_len desc:~n ~p~n", [Top]),
    [{Pid, _} | _] = Top,
    timer:sleep(Sleep),
    io:format("message queue len of pid ~p : ~p~n", [Pid, rpc:call(Node, erlang, process_info, [Pid, message_queue_len])]),
    Ms = case rpc:call(Node, erlang, process_info, [Pid, messages]) of
             {messages, M} -> lists:sublist(M, 20);
             Other -> Other
         end,
    case Style of
        p -> io:format("message in pid ~p :~n ~p~n", [Pid, Ms]);
        tp -> io:format("message in pid ~p :~n ~tp~n", [Pid, Ms]);
        w -> io:format("message in pid ~p :~n ~w~n", [Pid, Ms]);
        'P30' -> io:format("message in pid ~p :~n ~P~n", [Pid, Ms, 30]);
        'P80' -> io:format("message in pid ~p :~n ~P~n", [Pid, Ms, 80])
    end,
    io:format("~p~n", [rpc:call(Node, erlang, process_info, [Pid, [current_function, registered_name, initial_call]])]),
    init:stop().
