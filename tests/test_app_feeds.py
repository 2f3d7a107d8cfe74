"""The reader and subscriptions, driven with Pilot: the update key against a local HTTP
server, unread marks, read state, views, and the library changing under the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.feed_server import FeedServer, Route, paragraphs, rss, story_items
from tests.test_app import app_test, build_library, notice, notices, screen_text, settle
from tui.feeds import store
from tui.library import Library

pytest.importorskip("textual")

from tui.app.main import BriefApp  # noqa: E402


def _article_title(app: BriefApp) -> str:
    view = app.screen.query_one("#article")
    return view.article.title if view.article is not None else ""  # type: ignore[attr-defined]


@app_test
async def test_update_key_fetches_feeds_while_reading(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    build_library(folder)
    with FeedServer() as srv:
        srv.routes["/ferries"] = Route(rss("Ferry News", story_items("Ferry", 2)))
        srv.routes["/broken"] = Route(status=500)
        with Library.open(folder) as lib:
            store.add(lib, srv.url("/ferries"))
            store.add(lib, srv.url("/broken"))
        app = BriefApp(library=str(folder))
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot, app, "Rail link to Eastvale approved")
            reading = _article_title(app)
            notices(app)
            await pilot.press("j", "j")
            cursor = app.screen.query_one("#article").cursor  # type: ignore[attr-defined]
            await pilot.press("U")
            await notice(pilot, app, "2 feeds, 2 new articles", tries=200)
            assert any("/broken: server error (HTTP 500)" in m for m in notices(app))
            await settle(pilot, app, "Ferry story 1")
            # the article on screen did not move
            assert _article_title(app) == reading
            assert app.screen.query_one("#article").cursor == cursor  # type: ignore[attr-defined]
            text = screen_text(app)
            assert "● Ferry story 0" in text and "● Ferry story 1" in text
            # the open article is read; the others show the unread mark
            assert f"● {reading}" not in text
            await pilot.press("v")  # unread only
            await settle(pilot, app)
            shown = [s.title for s in app.screen.visible_summaries()]  # type: ignore[attr-defined]
            assert reading not in shown and "Ferry story 0" in shown and len(shown) == 4
            assert "unread only" in str(app.screen.query_one("#status").render())
    with Library.open(folder) as lib:
        assert lib.article_count() == 5
        feeds = {f.url.rsplit("/", 1)[1]: f for f in store.feeds(lib)}
        assert feeds["broken"].error and feeds["ferries"].title == "Ferry News"


@app_test
async def test_read_marks_and_stars_are_saved(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    made = build_library(folder)
    app = BriefApp(library=str(folder))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Rail link to Eastvale approved")
        opened = _article_title(app)
        notices(app)
        await pilot.pause(0.3)
        await pilot.press("m")  # back to unread
        await notice(pilot, app, "Marked unread")
        await pilot.press("asterisk")
        await notice(pilot, app, "Starred")
        await pilot.press("n")  # the next article is opened: read
        await pilot.pause(0.5)
    ids = {a.title: a.id for a in made}
    with Library.open(folder) as lib:
        read = store.read_ids(lib)
        assert ids[opened] not in read and ids[opened] in store.starred_ids(lib)
        assert len(read) == 1


@app_test
async def test_articles_another_process_ingests_show_up_without_restart(tmp_path: Path) -> None:
    from tui.pipeline import ingest

    folder = tmp_path / "lib"
    build_library(folder)
    app = BriefApp(library=str(folder))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Rail link to Eastvale approved")
        reading = _article_title(app)
        doc = tmp_path / "late.md"
        doc.write_text("# Tram depot extended\n\n" + "\n\n".join(paragraphs("tram")) + "\n")
        with Library.open(folder) as lib:  # another connection: as another process would
            ingest(lib, [str(doc)], analyse_entities=False)
        await settle(pilot, app, "● Tram depot extended", tries=200)
        assert _article_title(app) == reading
        # another process marks it read (brief mark): the unread mark goes
        with Library.open(folder) as lib:
            (tram,) = [r[0] for r in lib.execute(
                "SELECT id FROM articles WHERE title = 'Tram depot extended'")]  # fmt: skip
            store.mark_read(lib, [tram])
        for _ in range(200):
            await pilot.pause(0.05)
            if "● Tram depot extended" not in screen_text(app):
                break
        text = screen_text(app)
        assert "Tram depot extended" in text and "● Tram depot extended" not in text
        assert _article_title(app) == reading


@app_test
async def test_removing_an_article_asks_and_can_be_undone(tmp_path: Path) -> None:
    from tui.selection import SelectionStore

    folder = tmp_path / "lib"
    made = build_library(folder)
    ids = {a.title: a.id for a in made}
    app = BriefApp(library=str(folder))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Rail link to Eastvale approved")
        first = _article_title(app)
        shown = [s.title for s in app.screen.visible_summaries()]  # type: ignore[attr-defined]
        await pilot.press("D")
        await settle(pilot, app, "Remove “" + first)
        await pilot.press("n")  # no: nothing happens
        await pilot.pause(0.3)
        with Library.open(folder) as lib:
            assert lib.article_count() == len(made)
        await pilot.press("D")
        await settle(pilot, app, "Remove “" + first)
        await pilot.press("y")
        await notice(pilot, app, f"Removed “{first}”", tries=200)
        await settle(pilot, app)
        # the next article is open; the removed one has left the list
        assert _article_title(app) == shown[1]
        remaining = [s.title for s in app.screen.visible_summaries()]  # type: ignore[attr-defined]
        assert first not in remaining and len(remaining) == len(shown) - 1
        with Library.open(folder) as lib:
            assert lib.article_count() == len(made) - 1
            assert ids[first] in store.removed_ids(lib)
        await pilot.press("Z")
        await notice(pilot, app, f"Put back “{first}”", tries=200)
        await settle(pilot, app, first)
        assert first in [s.title for s in app.screen.visible_summaries()]  # type: ignore[attr-defined]
        with Library.open(folder) as lib:
            assert lib.article_count() == len(made) and not store.removed_ids(lib)
            SelectionStore(lib, "default").add(ids[first], 0)  # now in a selection
        await pilot.press("Z")
        await notice(pilot, app, "No article removed here to put back")
        # an article in a selection is not removed
        assert _article_title(app) == first
        await pilot.press("D", "y")
        await notice(pilot, app, "is in a selection", tries=200)
    with Library.open(folder) as lib:
        assert lib.article_count() == len(made)


@app_test
async def test_the_reader_opens_no_connection_until_the_update_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    folder = tmp_path / "lib"
    build_library(folder)
    with FeedServer() as srv:
        srv.routes["/ferries"] = Route(rss("Ferry News", story_items("Ferry", 1)))
        with Library.open(folder) as lib:
            store.add(lib, srv.url("/ferries"))
        opened: list[object] = []
        real = socket.socket.connect

        def connect(sock: socket.socket, address: object) -> object:
            opened.append(address)
            return real(sock, address)  # type: ignore[arg-type]

        monkeypatch.setattr(socket.socket, "connect", connect)
        app = BriefApp(library=str(folder))
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot, app, "Rail link to Eastvale approved")
            await pilot.press("n", "p", "m", "v", "v", "v", "v", "o", "slash")
            await pilot.pause(0.3)
            await pilot.press("escape")
            await settle(pilot, app)
            assert opened == []  # reading, marking, views, search: no network
            await pilot.press("U")
            await notice(pilot, app, "1 feed, 1 new articles", tries=200)
        assert opened and all(a[0] == "127.0.0.1" for a in opened)  # type: ignore[index]


@app_test
async def test_update_key_with_many_entries_analyses_them_in_the_reader(tmp_path: Path) -> None:
    # enough entries that the command line would start worker processes, which the
    # reader cannot (its stderr is not a file): analysed on the update's thread instead
    folder = tmp_path / "lib"
    build_library(folder)
    with FeedServer() as srv:
        srv.routes["/wire"] = Route(rss("Wire", story_items("Wire", 25)))
        with Library.open(folder) as lib:
            store.add(lib, srv.url("/wire"))
        app = BriefApp(library=str(folder))
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot, app, "Rail link to Eastvale approved")
            await pilot.press("U")
            await notice(pilot, app, "1 feed, 25 new articles", tries=600)
    with Library.open(folder) as lib:
        assert lib.article_count() == 3 + 25


@app_test
async def test_grouping_by_feed_or_outlet_shows_a_header_row_per_group(tmp_path: Path) -> None:
    from tui.app.lines import LineList
    from tui.feeds.update import update

    folder = tmp_path / "lib"
    build_library(folder)
    with FeedServer() as srv:
        srv.routes["/ferries"] = Route(rss("Ferry News", story_items("Ferry", 3)))
        with Library.open(folder) as lib:
            store.add(lib, srv.url("/ferries"))
            assert update(lib, analyse_entities=False).ok
    app = BriefApp(library=str(folder))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Rail link to Eastvale approved")
        opened = _article_title(app)

        def headers() -> list[str]:
            rows = app.screen.query_one("#articles", LineList).rows
            return [r.lines[0].plain for r in rows if not r.selectable]

        assert headers() == []
        await pilot.press("o")  # by feed
        await settle(pilot, app)
        # the open article (the newest: a feed's) was read, so not counted unread
        assert opened == "Ferry story 0"
        assert headers() == [
            "(not from a feed)  3/3 unread",
            "Ferry News  2/3 unread",
        ]
        text = screen_text(app)
        assert "Ferry News  2/3 unread" in text and "● Ferry story 1" in text
        await pilot.press("o")  # by outlet
        await settle(pilot, app)
        assert "Ferry News  2/3 unread" in headers()
        assert len(headers()) == len({s.outlet or "(no outlet)" for s in app.summaries})  # type: ignore[union-attr]
        # the list's cursor never rests on a header; reading goes on as before
        lines = app.screen.query_one("#articles", LineList)
        assert lines.current is not None and lines.current.key == app.screen.article_id  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(pilot, app)
        assert _article_title(app) != opened
        await pilot.press("o")  # back to newest first
        await settle(pilot, app)
        assert headers() == []


@app_test
async def test_the_unread_view_keeps_what_was_read_in_it_until_it_is_left(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "lib"
    build_library(folder)
    app = BriefApp(library=str(folder))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app, "Rail link to Eastvale approved")
        first = _article_title(app)

        def shown() -> list[str]:
            return [s.title for s in app.screen.visible_summaries()]  # type: ignore[attr-defined]

        await pilot.press("v")  # unread only: the open article was read before
        await settle(pilot, app)
        unread = shown()
        assert first not in unread and len(unread) == 2
        await pilot.press("n")  # opens (and reads) the first unread one
        await settle(pilot, app)
        opened = _article_title(app)
        assert opened == unread[0] and shown() == unread  # nothing jumped
        assert app.screen.article_list.position(app.screen.article_id) is not None  # type: ignore[attr-defined]
        await pilot.press("n")
        await settle(pilot, app)
        assert _article_title(app) == unread[1] and shown() == unread
        for _ in range(4):  # round to the unread view again: now nothing is unread
            await pilot.press("v")
        await settle(pilot, app)
        assert shown() == []
