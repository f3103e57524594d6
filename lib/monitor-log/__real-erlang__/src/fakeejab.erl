%% -*- coding: utf-8 -*-
%% A stand-in for an ejabberd node: builds one stuck process whose mailbox holds
%% what ejabberd 23.x / OTP 25 really queue, sent through the real OTP APIs
%% (gen_fsm = p1_fsm's wire format, gen_server:call with alias tags, rpc).
-module(fakeejab).
-export([start/1, sink/0, dying_sink/1, loop_forever/0]).

sink() -> receive '$never_matches_xyz' -> ok end.
dying_sink(Ms) -> receive '$never_matches_xyz' -> ok after Ms -> exit(killed_by_test) end.
loop_forever() -> receive _ -> loop_forever() end.
flush() -> receive _ -> flush() after 0 -> ok end.

jid(U, S, R) -> {jid, U, S, R, string:lowercase(U), string:lowercase(S), R}.

msg(Id, From, To, Body) ->
    {message, Id, groupchat, <<"zh">>, From, To, [], [{text, <<>>, Body}], undefined,
     [{xmlel, <<"x">>, [{<<"xmlns">>, <<"http://jabber.org/protocol/muc#user">>}], []},
      {origin_id, Id}],
     #{ip => {10,0,3,7}, stanza_id => 1701234567890123, mam_archived => true}}.
pres(Id, From, To) ->
    {presence, Id, available, <<"zh">>, From, To, undefined, [], undefined,
     [{muc, undefined, undefined}], #{ip => {10,0,3,9}}}.
iq(Id, From, To) ->
    {iq, Id, get, <<"zh">>, From, To, [{disco_info, undefined, [], [], []}], #{}}.

%% p1_fsm:send_event(Pid, {route, Nick, Packet}) == gen_fsm:send_event (same '$gen_event' envelope)
route(Room, Pkt) ->
    {jid, _, _, _, _, _, Nick} = element(6, Pkt),
    gen_fsm:send_event(Room, {route, Nick, Pkt}).

%% A caller blocked in a real gen call (the alias tag is OTP's own)
caller(F) -> spawn(fun() -> catch F() end).

room_fill(Room, RoomJid, N, Big) ->
    {jid, RU, RS, _, _, _, _} = RoomJid,
    lists:foreach(
      fun(I) ->
              Id = iolist_to_binary(io_lib:format("purple~4.16.0b", [I])),
              U = iolist_to_binary(io_lib:format("user~b", [I rem 7])),
              From = jid(U, <<"im.example.cn">>, <<"gajim">>),
              case I rem 5 of
                  0 -> route(Room, pres(Id, From, jid(RU, RS, U)));
                  1 -> route(Room, iq(Id, From, RoomJid));
                  2 when Big -> route(Room, msg(Id, From, RoomJid, binary:copy(<<"部署完成，请检查 "/utf8>>, 2000)));
                  _ -> route(Room, msg(Id, From, RoomJid, <<"部署完成，请检查"/utf8>>))
              end,
              case I rem 9 of
                  4 -> caller(fun() -> gen_fsm:sync_send_all_state_event(Room, get_config, infinity) end);
                  7 -> gen_fsm:send_all_state_event(Room, {service_message, <<"维护通知"/utf8>>});
                  _ -> ok
              end
      end, lists:seq(1, N)).

background() ->
    [begin P = spawn(fun sink/0), [P ! {tick, I} || I <- lists:seq(1, K)], P end || K <- [4, 2, 1]].

start([Scenario]) ->
    register(fakeejab_keep, self()),
    background(),
    scenario(list_to_atom(Scenario)),
    loop_forever().

scenario(muc_ascii) ->
    R = spawn(fun sink/0),
    room_fill(R, jid(<<"devops">>, <<"Conference.IM.example.cn">>, <<>>), 3000, false);
scenario(muc_cn) ->
    R = spawn(fun sink/0),
    room_fill(R, jid(<<"运维值班"/utf8>>, <<"conference.im.example.cn">>, <<>>), 3000, false);
scenario(muc_cn_latin1printable) ->
    %% 中张: E4 B8 AD E5 BC A0, every byte in 160..255: ~p prints it as a Latin-1 string
    R = spawn(fun sink/0),
    room_fill(R, jid(<<"中张"/utf8>>, <<"conference.im.example.cn">>, <<>>), 3000, false);
scenario(muc_big) ->
    R = spawn(fun sink/0),
    room_fill(R, jid(<<"bigroom">>, <<"conference.im.example.cn">>, <<>>), 1500, true);
scenario(muc_spread) ->
    R = spawn(fun sink/0),
    [room_fill(R, jid(iolist_to_binary(["room", integer_to_list(K)]), <<"conference.im.example.cn">>, <<>>), 2, false)
     || K <- lists:seq(1, 300)];
scenario(muc_admin_calls) ->
    %% mod_muc_admin / API asking a slow room for its state, plus a few routes
    R = spawn(fun sink/0),
    [caller(fun() -> gen_fsm:sync_send_all_state_event(R, get_state, infinity) end) || _ <- lists:seq(1, 400)],
    timer:sleep(300),
    room_fill(R, jid(<<"devops">>, <<"conference.im.example.cn">>, <<>>), 10, false);
scenario(rex_block) ->
    %% rex is suspended; callers on the client node (started by the driver) queue block_calls
    erlang:suspend_process(whereis(rex));
scenario(sql_mysql) ->
    Conn = spawn(fun sink/0),
    Recv = spawn(fun sink/0),
    [Conn ! {p1_mysql_recv, Recv, data,
             <<(I rem 256), 0, 0, 1, 3, "def", 0, 0, 0, (binary:copy(<<"x">>, 300))/binary>>, I rem 256}
     || I <- lists:seq(1, 3000)];
scenario(sql_cmd) ->
    Conn = spawn(fun sink/0),
    Q = {sql_query, <<230,12,99,1,2,3>>, fun(_) -> [<<"SELECT username FROM archive WHERE ...">>] end,
         fun(_) -> ok end, 1, {mod_mam_sql, 161}},
    [caller(fun() -> gen_fsm:sync_send_event(Conn, {sql_cmd, {sql_query, Q}, erlang:monotonic_time(millisecond)}, infinity) end)
     || _ <- lists:seq(1, 300)],
    [caller(fun() -> gen_fsm:sync_send_event(Conn, {sql_cmd, {sql_transaction, fun() -> ok end}, erlang:monotonic_time(millisecond)}, infinity) end)
     || _ <- lists:seq(1, 100)];
scenario(gen_call) ->
    %% ejabberd_sm-like gen_server that stopped answering
    S = spawn(fun sink/0),
    register(ejabberd_sm, S),
    [caller(fun() -> gen_server:call(S, {get_sessions, <<"alice">>, <<"im.example.cn">>}, infinity) end) || _ <- lists:seq(1, 300)],
    [gen_server:cast(S, {route, <<"x">>}) || _ <- lists:seq(1, 10)];
scenario(gen_statem_call) ->
    S = spawn(fun sink/0),
    [caller(fun() -> gen_statem:call(S, {subscribe, <<"user">>}, infinity) end) || _ <- lists:seq(1, 300)];
scenario(c2s) ->
    %% a client session flooded by a room's broadcast: {route, Pkt} info messages
    S = spawn(fun sink/0),
    Room = jid(<<"devops">>, <<"conference.im.example.cn">>, <<"alice">>),
    Me = jid(<<"bob">>, <<"im.example.cn">>, <<"phone">>),
    [S ! {route, msg(integer_to_binary(I), Room, Me, <<"hi">>)} || I <- lists:seq(1, 3000)];
scenario(drain) ->
    P = spawn(fun() -> receive go -> ok end, timer:sleep(2500), flush(), sink() end),
    [P ! {route, msg(integer_to_binary(I), jid(<<"a">>, <<"h">>, <<"r">>), jid(<<"devops">>, <<"conference.im.example.cn">>, <<>>), <<"x">>)} || I <- lists:seq(1, 500)],
    P ! go;
scenario(misc) ->
    P = spawn(fun sink/0),
    {ok, L} = gen_tcp:listen(0, [binary, {active, true}]), {ok, Port} = inet:port(L),
    spawn(fun() -> {ok, C} = gen_tcp:connect("127.0.0.1", Port, [binary]), [gen_tcp:send(C, <<"<message to='devops@conference.im.example.cn'>hi</message>">>) || _ <- lists:seq(1, 200)], timer:sleep(infinity) end),
    {ok, S} = gen_tcp:accept(L), gen_tcp:controlling_process(S, P),
    [P ! {timeout, erlang:make_ref(), {resend, I}} || I <- lists:seq(1,3)],
    [P ! {'DOWN', erlang:make_ref(), process, self(), noconnection} || _ <- lists:seq(1,3)],
    [P ! {'EXIT', self(), {shutdown, {failed, <<"room"/utf8>>}}} || _ <- lists:seq(1,3)];
scenario(dead) ->
    P = spawn(fakeejab, dying_sink, [3000]),
    [P ! {route, msg(integer_to_binary(I), jid(<<"a">>, <<"h">>, <<"r">>), jid(<<"devops">>, <<"conference.im.example.cn">>, <<>>), <<"x">>)} || I <- lists:seq(1, 500)].
