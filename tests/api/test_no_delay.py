"""The app sets TCP_NODELAY on its listening sockets (api.server.no_delay_on_listening_sockets, run at
start): Streamlit 1.67 makes them with protocol 0, so asyncio leaves Nagle on, and each answer on a
kept-alive connection waited 40 ms for a delayed ACK."""

from __future__ import annotations

import socket

from api.server import no_delay_on_listening_sockets


def test_connections_accepted_after_it_have_no_delay() -> None:
    with socket.socket(socket.AF_INET) as listener:  # as Streamlit makes it: no protocol named
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()) as _, listener.accept()[0] as before:
            assert before.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # the default it fixes
        assert no_delay_on_listening_sockets() >= 1
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        with socket.create_connection(listener.getsockname()) as _, listener.accept()[0] as after:
            assert after.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1


def test_other_sockets_are_left_alone() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket(socket.AF_INET) as idle:
        no_delay_on_listening_sockets()
        assert idle.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # not listening
        assert udp.type == socket.SOCK_DGRAM
