-module(client).
-export([go/1]).
go([NodeS]) ->
    Node = list_to_atom(NodeS),
    true = net_kernel:connect_node(Node),
    [spawn(fun() -> rpc:block_call(Node, mnesia_lib, db_get, [session, {<<"u", (integer_to_binary(I))/binary>>, <<"im.example.cn">>}], infinity) end) || I <- lists:seq(1, 200)],
    [spawn(fun() -> rpc:call(Node, mnesia, dirty_read, [passwd, {<<"alice">>, <<"im.example.cn">>}], infinity) end) || _ <- lists:seq(1, 50)],
    [spawn(fun() -> rpc:call(Node, ejabberd_sm, get_user_resources, [<<"alice">>, <<"im.example.cn">>]) end) || _ <- lists:seq(1, 50)],
    [rpc:cast(Node, ejabberd_cluster, send, [x, y]) || _ <- lists:seq(1, 20)],
    spawn(fun() -> rpc:multicall([Node], ejabberd_admin, registered_vhosts, []) end),
    spawn(fun() -> rpc:sbcast([Node], some_name, hello) end),
    spawn(fun() -> rpc:server_call(Node, rex, rex_reply, hello) end),
    spawn(fun() -> rpc:async_call(Node, erlang, node, []) end),
    spawn(fun() -> rpc:pinfo(list_to_pid("<0.1.0>")) end),
    timer:sleep(2000),
    io:format("client done~n"),
    receive after infinity -> ok end.
