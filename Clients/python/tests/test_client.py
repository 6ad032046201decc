"""The client against the real server (conftest.py starts `polestage serve --demo`)."""

from __future__ import annotations

import asyncio
import datetime
import itertools

import pytest

import polestage
from conftest import Server, run
from polestage import (
    RpcError,
    StatusCode,
    admin_pb2,
    calendar_pb2,
    contacts_pb2,
    health_pb2,
    offers_pb2,
    placements_pb2,
    practice_pb2,
    reservations_pb2,
    types_pb2,
)
from polestage.frames import FrameType

WAIT = 30  # seconds: the bound of every wait for an event
_titles = itertools.count()


def week(weeks_ahead: int = 3) -> types_pb2.IsoWeek:
    year, number, _ = (datetime.date.today() + datetime.timedelta(weeks=weeks_ahead)).isocalendar()
    return types_pb2.IsoWeek(year=year, week=number)


def offer_request(title: str | None = None) -> offers_pb2.CreateOfferRequest:
    """A published offer of the demo company (its token names it), with one seat in three weeks."""
    return offers_pb2.CreateOfferRequest(
        details=offers_pb2.OfferDetails(
            trade_code="G1602",
            title=title or f"Cuisine python {next(_titles)}",
            levels=[types_pb2.LEVEL_CAP],
            periods=[offers_pb2.PeriodSeats(week=week(), seats=1)],
            address=types_pb2.Address(street="1 rue du Port", postal_code="71100", commune="Chalon-sur-Saône"),
            location=types_pb2.GeoPoint(latitude=46.78, longitude=4.85),
        ),
        publish=True,
    )


def recording(connection: polestage.Connection) -> list:
    """Records the frames `connection` sends from now on."""
    sent = []
    original = connection._send

    def send(frame):
        sent.append(frame)
        original(frame)

    connection._send = send
    return sent


async def next_event(stream, kind: str):
    """The next event of `kind` (`change`, `live`, `message`…) of a subscription or an inbox watch, skipping the
    others (live, heartbeats and the like), within WAIT seconds."""

    async def take():
        async for event in stream:
            if event.WhichOneof("event") == kind:
                return event
        raise AssertionError("the stream ended")

    return await asyncio.wait_for(take(), WAIT)


async def next_change(subscription) -> offers_pb2.OfferEvent:
    return await next_event(subscription, "change")


async def until_live(subscription) -> None:
    await next_event(subscription, "live")


class ReconnectGate:
    """An `on_reconnect` that records each error, sets `disconnected`, and holds the reconnection until `proceed` is
    set."""

    def __init__(self) -> None:
        self.errors = []
        self.disconnected = asyncio.Event()
        self.proceed = asyncio.Event()

    async def __call__(self, error, attempt) -> None:
        self.errors.append(error)
        self.disconnected.set()
        await self.proceed.wait()


# -- unary calls on every service ---------------------------------------------------------------------------------


@run
async def test_health_and_offer_search_in_the_demo_basin(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as client:
        health = await client.health.check(health_pb2.HealthCheckRequest())
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        found = await client.offers.search_offers(offers_pb2.SearchOffersRequest(page_size=100))
        assert len(found.offers) > 20
        distances = [offer.distance_km for offer in found.offers]
        assert distances == sorted(distances)
        again = await client.offers.get_offer(offer_id=found.offers[0].id)
        assert again.id == found.offers[0].id


@run
async def test_create_an_offer_then_a_school_requests_a_seat(server):
    async with polestage.connect(server.url, token=server.tokens["company"]) as company, polestage.connect(
        server.url, token=server.tokens["school"]
    ) as school:
        offer = await company.offers.create_offer(offer_request())
        assert offer.status == offers_pb2.OFFER_STATUS_PUBLISHED
        assert offer.company_siret
        reservation = await school.reservations.request_seat(
            reservations_pb2.RequestSeatRequest(
                offer_id=offer.id, week=week(), pupil_ref="eleve-42", level=types_pb2.LEVEL_CAP
            )
        )
        assert (reservation.offer_id, reservation.pupil_ref) == (offer.id, "eleve-42")
        mine = await school.reservations.list_school_reservations(live_only=True)
        assert reservation.id in [item.id for item in mine.reservations]
        full = await school.offers.get_offer(offer_id=offer.id)
        assert full.periods[0].seats_free == 0


@run
async def test_calendar_contacts_and_admin(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        period = calendar_pb2.SchoolPeriod(
            level=types_pb2.LEVEL_CAP, from_week=week(4), to_week=week(5), pupils=12, trade_code="G1602"
        )
        saved = await school.calendar.set_school_periods(calendar_pb2.SetSchoolPeriodsRequest(periods=[period]))
        assert [item.pupils for item in saved.periods] == [12]
        own = await school.calendar.get_school_calendar()
        assert own.school_uai == saved.school_uai
    async with polestage.connect(server.url, token=server.tokens["animator"]) as animator:
        load = await animator.calendar.get_load(calendar_pb2.WeekRange(from_week=week(0), to_week=week(10)))
        assert isinstance(load, calendar_pb2.Load)
        calendar = await animator.calendar.get_basin_calendar(from_week=week(0), to_week=week(10))
        assert saved.school_uai in [item.school_uai for item in calendar.schools]
    async with polestage.connect(server.url, token=server.tokens["company"]) as company:
        added = await company.contacts.add_contact(
            contacts_pb2.ContactDetails(
                trade_code="G1602", name="Camille Martin", function="Responsable RH", email="rh@example.fr"
            )
        )
        listed = await company.contacts.list_contacts(trade_code="G1602")
        assert added.id in [contact.id for contact in listed.contacts]
    async with polestage.connect(server.url, token=server.tokens["coordinator"]) as coordinator:
        basins = await coordinator.admin.list_basins(admin_pb2.ListBasinsRequest())
        assert "chalon-tournus-louhans" in [basin.id for basin in basins.basins]
        statistics = await coordinator.admin.get_statistics(basin_id="chalon-tournus-louhans")
        assert isinstance(statistics, admin_pb2.Statistics)


# -- placements: rosters, sign-in codes, applications, inboxes ---------------------------------------------------


def pupil_details(ref: str) -> placements_pb2.PupilDetails:
    return placements_pb2.PupilDetails(ref=ref, class_name="3eA", level=types_pb2.LEVEL_CAP)


async def demo_school(server) -> tuple[str, str]:
    """The demo school's UAI (its calendar names it) and its basin (the académie's statistics name it)."""
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        uai = (await school.calendar.get_school_calendar()).school_uai
    async with polestage.connect(server.url, token=server.tokens["coordinator"]) as coordinator:
        statistics = await coordinator.admin.get_statistics(admin_pb2.StatisticsRequest())
    (basin,) = {figures.basin_id for figures in statistics.schools if figures.school_uai == uai}
    return uai, basin


@run
async def test_a_school_saves_a_pupil_and_reads_its_roster(server):
    uai, _ = await demo_school(server)
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        saved = await school.pupils.save_pupil(placements_pb2.SavePupilRequest(details=pupil_details("PY-0001")))
        assert saved.id > 0 and saved.school_uai == uai and saved.school_year
        assert (saved.details.ref, saved.details.class_name, saved.details.level) == (
            "PY-0001",
            "3eA",
            types_pb2.LEVEL_CAP,
        )
        roster = await school.pupils.get_roster(class_name="3eA")
        assert (roster.school_uai, roster.school_year) == (uai, saved.school_year)
        (read,) = [pupil for pupil in roster.pupils if pupil.id == saved.id]
        assert read.details == saved.details
        assert read.state == placements_pb2.PLACEMENT_STATE_NOTHING_YET


@run
async def test_a_name_as_a_pupil_reference_is_invalid_argument(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        with pytest.raises(RpcError) as raised:
            await school.pupils.save_pupil(details=pupil_details("Jean Dupont"))
        assert raised.value.code == StatusCode.INVALID_ARGUMENT
        assert "details.ref" in raised.value.message
        roster = await school.pupils.get_roster()
        assert "Jean Dupont" not in [pupil.details.ref for pupil in roster.pupils]


@run
async def test_a_sign_in_code_is_redeemed_once_without_a_token(server):
    uai, basin = await demo_school(server)
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        pupil = await school.pupils.save_pupil(details=pupil_details("PY-0002"))
        code = await school.pupils.issue_sign_in_code(pupil_id=pupil.id)
        assert len(code.code) == 10 and code.expires_at_unix_ms > 0
    async with polestage.connect(server.url) as anonymous:
        session = await anonymous.sign_in.redeem_sign_in_code(
            placements_pb2.RedeemSignInCodeRequest(basin_id=basin, code=code.code)
        )
        assert session.token and (session.pupil_id, session.school_uai) == (pupil.id, uai)
        with pytest.raises(RpcError) as raised:
            await anonymous.sign_in.redeem_sign_in_code(basin_id=basin, code=code.code)
        assert raised.value.code == StatusCode.NOT_FOUND
    # The session's token is the pupil's: it reads the pupil's own inbox.
    async with polestage.connect(server.url, token=session.token) as signed_in:
        page = await signed_in.inbox.list_inbox()
        assert page.HasField("head") and page.head.epoch > 0


@run
async def test_list_inbox_gives_a_page_with_its_head(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        page = await school.inbox.list_inbox(placements_pb2.ListInboxRequest(page_size=10))
        assert isinstance(page, placements_pb2.InboxPage)
        assert page.HasField("head") and page.head.epoch > 0
        assert page.unread >= 0 and len(page.messages) <= 10


@run
async def test_watch_inbox_starts_with_live(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as school:
        head = (await school.inbox.list_inbox()).head
        async with school.watch_inbox() as watch:
            first = await asyncio.wait_for(watch.__anext__(), WAIT)
            assert first.WhichOneof("event") == "live"
            assert first.position.epoch == head.epoch and watch.position == first.position


@run
async def test_watch_inbox_resumes_after_the_socket_is_dropped(server):
    """A company watches its inbox; the socket is cut; two pupils apply to its offer meanwhile: once the watch
    reconnects, the two messages arrive once each, in order, from the position it had."""
    gate = ReconnectGate()
    async with polestage.connect(server.url, token=server.tokens["company"]) as company, polestage.connect(
        server.url, token=server.tokens["school"]
    ) as school:
        request = offer_request()
        request.details.ClearField("periods")
        request.details.periods.extend([offers_pb2.PeriodSeats(week=week(weeks), seats=2) for weeks in (4, 5)])
        offer = await company.offers.create_offer(request)
        # The period the school declares for CAP pupils (as test_calendar_contacts_and_admin does), beside the ones it
        # has: applications name it exactly.
        period = calendar_pb2.SchoolPeriod(
            level=types_pb2.LEVEL_CAP, from_week=week(4), to_week=week(5), pupils=12, trade_code="G1602"
        )
        periods = [kept for kept in (await school.calendar.get_school_calendar()).periods if kept != period]
        await school.calendar.set_school_periods(periods=periods + [period])
        pupils = [await school.pupils.save_pupil(details=pupil_details(f"PY-{ref}")) for ref in ("0101", "0102")]
        async with company.watch_inbox(on_reconnect=gate, backoff=lambda attempt: 0.05) as watch:
            first = await asyncio.wait_for(watch.__anext__(), WAIT)
            assert first.WhichOneof("event") == "live"
            before = watch.position
            company.connection.websocket.transport.abort()
            reader = asyncio.ensure_future(next_event(watch, "message"))
            await asyncio.wait_for(gate.disconnected.wait(), WAIT)
            assert gate.errors[0].code == StatusCode.UNAVAILABLE
            applied = [
                await school.applications.apply(
                    offer_id=offer.id, pupil_id=pupil.id, from_week=week(4), to_week=week(5), motivation="Motivé."
                )
                for pupil in pupils
            ]
            gate.proceed.set()
            received = [await reader, await next_event(watch, "message")]
            assert [event.message.application_id for event in received] == [item.id for item in applied]
            assert {event.message.kind for event in received} == {placements_pb2.INBOX_KIND_APPLICATION_RECEIVED}
            assert watch.position == received[-1].position
            assert watch.position.epoch == before.epoch and watch.position.offset > before.offset
            assert watch.reconnects >= 1
        listed = await company.inbox.list_inbox(page_size=2)
        assert [message.id for message in listed.messages] == [event.message.id for event in reversed(received)]


@run
async def test_the_good_practice_space_is_written_searched_and_watched(server):
    async with polestage.connect(server.url, token=server.tokens["animator"]) as animator, polestage.connect(
        server.url, token=server.tokens["school"]
    ) as school:
        stream = school.practice.watch_resources()
        live = await next_event(stream, "live")
        guide = await animator.practice.save_resource(
            scope=practice_pb2.RESOURCE_SCOPE_BASIN,
            details=practice_pb2.ResourceDetails(
                title="Grille d'évaluation de la PFMP",
                kind=practice_pb2.RESOURCE_KIND_TEMPLATE,
                audience=practice_pb2.AUDIENCE_REFERENT_TEACHERS,
                markdown="Une grille **simple**, <b>pas</b> de HTML.",
                tags=["PFMP"],
            ),
        )
        assert guide.html == "<p>Une grille <strong>simple</strong>, &lt;b&gt;pas&lt;/b&gt; de HTML.</p>\n"
        changed = await next_event(stream, "resource")
        assert changed.resource.id == guide.id and changed.cursor.basin_revision > live.cursor.basin_revision
        with_file = await animator.practice.attach_file(
            resource=practice_pb2.ResourceRef(scope=practice_pb2.RESOURCE_SCOPE_BASIN, resource_id=guide.id),
            file_name="grille.csv",
            content="critère;points\n".encode(),
        )
        assert [(item.file_name, item.media_type) for item in with_file.attachments] == [
            ("grille.csv", "text/csv; charset=utf-8")
        ]
        found = await school.practice.search_resources(text="evaluation")
        assert [item.id for item in found.resources] == [guide.id] and found.resources[0].details.tags == ["pfmp"]
        with pytest.raises(RpcError) as raised:
            await animator.practice.save_resource(scope=practice_pb2.RESOURCE_SCOPE_ACADEMY, details=guide.details)
        assert raised.value.code == StatusCode.PERMISSION_DENIED
        assert raised.value.message.startswith("les ressources de l'académie sont écrites par la coordination")
        stream.cancel()


# -- errors, deadlines, concurrency -------------------------------------------------------------------------------


@run
async def test_the_animator_changes_one_priority_rule_and_keeps_the_others(server):
    async with polestage.connect(server.url, token=server.tokens["animator"]) as animator:
        rules = await animator.applications.get_placement_rules()
        assert list(rules.priority_groups.groups) == [
            placements_pb2.PRIORITY_GROUP_REP,
            placements_pb2.PRIORITY_GROUP_REP_PLUS,
            placements_pb2.PRIORITY_GROUP_RURAL,
            placements_pb2.PRIORITY_GROUP_QPV,
            placements_pb2.PRIORITY_GROUP_NEEDS,
        ]
        assert (rules.priority_window_days, rules.reserved_share_percent, rules.reserved_release_days) == (7, 0, 21)
        # Only the release is given (a field with presence): the window and the groups stay.
        changed = await animator.applications.set_placement_rules(
            max_pending_applications=rules.max_pending_applications,
            pending_days=rules.pending_days,
            reserved_release_days=14,
        )
        assert (changed.priority_window_days, changed.reserved_release_days) == (7, 14)
        assert changed.priority_groups == rules.priority_groups
        with pytest.raises(RpcError) as raised:
            await animator.applications.set_placement_rules(
                max_pending_applications=rules.max_pending_applications,
                pending_days=rules.pending_days,
                reserved_share_percent=150,
            )
        assert (raised.value.code, raised.value.message) == (
            StatusCode.INVALID_ARGUMENT,
            "reserved_share_percent : doit être de 0 à 100",
        )
        restored = await animator.applications.set_placement_rules(rules)
        assert restored == rules


@run
async def test_a_bad_token_is_unauthenticated(server):
    async with polestage.connect(server.url, token="not-a-token") as client:
        with pytest.raises(RpcError) as raised:
            await client.offers.search_offers()
        assert raised.value.code == StatusCode.UNAUTHENTICATED
        assert raised.value.code.name == "UNAUTHENTICATED"
        assert raised.value.message == "the bearer token is not a well-formed JWT"
        # The connection survives a failed call.
        assert (await client.health.check()).status == health_pb2.HealthCheckResponse.SERVING


@run
async def test_an_invalid_field_is_invalid_argument_naming_its_path(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as client:
        with pytest.raises(RpcError) as raised:
            await client.offers.search_offers(radius_km=-1)
        assert (raised.value.code, raised.value.message) == (
            StatusCode.INVALID_ARGUMENT,
            "radius_km : doit être entre 0 et 300",
        )
        bad_filter = offers_pb2.OfferFilter(radius_km=1000, near=types_pb2.GeoPoint(latitude=46.7, longitude=4.8))
        with pytest.raises(RpcError) as raised:
            await asyncio.wait_for(client.offers.subscribe(filter=bad_filter).__anext__(), WAIT)
        assert (raised.value.code, raised.value.message) == (
            StatusCode.INVALID_ARGUMENT,
            "filter.radius_km : doit être entre 0 et 300",
        )
        # The resuming subscription does not retry a refusal.
        with pytest.raises(RpcError) as raised:
            await asyncio.wait_for(client.subscribe(filter=bad_filter).__anext__(), WAIT)
        assert raised.value.code == StatusCode.INVALID_ARGUMENT


@run
async def test_deadline_exceeded(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as client:
        sent = recording(client.connection)
        stream = client.offers.subscribe(offers_pb2.SubscribeRequest(), timeout=0.5)
        started = asyncio.get_running_loop().time()
        with pytest.raises(RpcError) as raised:
            async for _ in stream:
                pass
        assert raised.value.code == StatusCode.DEADLINE_EXCEEDED
        assert asyncio.get_running_loop().time() - started < WAIT
        opened = [frame for frame in sent if frame.type == FrameType.OPEN]
        timeout = [value for entry in opened[0].body.metadata if entry.key == "grpc-timeout" for value in [entry.ascii_value]]
        assert len(timeout) == 1 and timeout[0].endswith("u")
        # A stream that ended with a status needs no RESET; one abandoned at the client's own deadline gets one.
        assert client.connection.open_streams == 0
        with pytest.raises(RpcError) as raised:
            await client.offers.search_offers(timeout=0)
        assert raised.value.code == StatusCode.DEADLINE_EXCEEDED


@run
async def test_fifty_concurrent_calls_share_one_connection(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as client:
        connection = client.connection
        sent = recording(connection)
        texts = ["cuisine", "vente", "", "garage", "soins"]
        # Page sizes 1 to 10 keep every response within the 16 KiB the server sends inline in TRAILERS.
        results = await asyncio.gather(
            *(client.offers.search_offers(text=texts[index % 5], page_size=1 + index % 10) for index in range(50))
        )
        assert client.connection is connection
        opens = [frame.stream_id for frame in sent if frame.type == FrameType.OPEN]
        assert len(opens) == 50 and opens == sorted(opens) and len(set(opens)) == 50
        # Each call got its own answer: the page sizes differ.
        for index, result in enumerate(results):
            assert len(result.offers) <= 1 + index % 10
        everything = [(index, result) for index, result in enumerate(results) if texts[index % 5] == ""]
        assert all(len(result.offers) == 1 + index % 10 for index, result in everything)
        # Requests travel inline in OPEN, responses inline in TRAILERS: no MESSAGE, no WINDOW_UPDATE.
        assert not [frame for frame in sent if frame.type in (FrameType.WINDOW_UPDATE, FrameType.MESSAGE)]


# -- subscriptions -----------------------------------------------------------------------------------------------


@run
async def test_subscribe_receives_a_change_made_by_another_call(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as school, polestage.connect(
        server.url, token=server.tokens["company"]
    ) as company:
        sent = recording(school.connection)
        async with school.subscribe() as subscription:
            await until_live(subscription)
            created = await company.offers.create_offer(offer_request())
            event = await next_change(subscription)
            assert event.change.kind == offers_pb2.CHANGE_KIND_OFFER_CREATED
            assert event.change.offer.id == created.id
            assert subscription.position == event.position
        # Flow control: the consumed events were acknowledged.
        updates = [frame for frame in sent if frame.type == FrameType.WINDOW_UPDATE]
        assert updates and all(frame.body > 0 for frame in updates)


async def _resume_case(url_client_factory, drop, writer, count=3):
    """Subscribes, drops the connection with `drop()`, makes `count` changes while the subscription waits to
    reconnect, then lets it reconnect: the changes arrive once each, in order, and the next live one follows."""
    gate = ReconnectGate()
    subscriber = url_client_factory()
    async with subscriber:
        subscription = subscriber.subscribe(on_reconnect=gate, backoff=lambda attempt: 0.05 * (attempt + 1))
        async with subscription:
            await until_live(subscription)
            before = subscription.position
            await drop(subscriber)
            # The subscription notices the drop only while it is being read.
            reader = asyncio.ensure_future(next_change(subscription))
            await asyncio.wait_for(gate.disconnected.wait(), WAIT)
            assert gate.errors[0].code == StatusCode.UNAVAILABLE
            async with writer() as company:
                missed = [(await company.offers.create_offer(offer_request())).id for _ in range(count)]
                gate.proceed.set()
                first = await reader
                received = [first.change.offer.id] + [
                    (await next_change(subscription)).change.offer.id for _ in range(count - 1)
                ]
                assert received == missed
                assert subscription.position.epoch == before.epoch
                assert subscription.position.offset > before.offset
                live = (await company.offers.create_offer(offer_request())).id
                assert (await next_change(subscription)).change.offer.id == live
            assert subscription.reconnects >= 1


@run
async def test_resume_after_the_socket_is_dropped(server):
    async def drop(client):
        # The TCP connection is cut under the WebSocket, with no close handshake.
        client.connection.websocket.transport.abort()

    await _resume_case(
        lambda: polestage.connect(server.url, token=server.tokens["school"]),
        drop,
        lambda: polestage.connect(server.url, token=server.tokens["company"]),
    )


@run
async def test_resume_across_a_server_restart_on_the_same_port(binary, tmp_path):
    first = Server(binary, tmp_path)
    tokens, url, port = first.tokens, first.url, first.port
    restarted = []

    async def drop(client):
        assert await asyncio.to_thread(first.stop) == 0
        restarted.append(await asyncio.to_thread(Server, binary, tmp_path, port=port, demo=False))

    try:
        await _resume_case(
            lambda: polestage.connect(url, token=tokens["school"]),
            drop,
            lambda: polestage.connect(url, token=tokens["company"]),
        )
    finally:
        first.stop()
        for server in restarted:
            assert server.stop() == 0


@run
async def test_cancelling_a_subscription_resets_its_stream(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as school, polestage.connect(
        server.url, token=server.tokens["animator"]
    ) as animator:
        baseline = (await animator.offers.get_presence()).subscribers
        sent = recording(school.connection)

        async def consume():
            async for _ in school.subscribe():
                pass

        task = asyncio.ensure_future(consume())

        async def presence_is(count):
            while (await animator.offers.get_presence()).subscribers != count:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(presence_is(baseline + 1), WAIT)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        resets = [frame for frame in sent if frame.type == FrameType.RESET]
        assert [(frame.body.code, frame.body.message) for frame in resets] == [(1, "The client cancelled the RPC.")]
        assert school.connection.open_streams == 0
        await asyncio.wait_for(presence_is(baseline), WAIT)

        # Leaving `async for` early and closing the stream resets it too.
        stream = school.offers.subscribe(offers_pb2.SubscribeRequest())
        async with stream:
            async for event in stream:
                assert event.WhichOneof("event") == "live"
                break
        assert len([frame for frame in sent if frame.type == FrameType.RESET]) == 2
        await asyncio.wait_for(presence_is(baseline), WAIT)
        # The connection is still good.
        assert (await school.health.check()).status == health_pb2.HealthCheckResponse.SERVING


# -- flow control and limits ---------------------------------------------------------------------------------------


@run
async def test_a_small_receive_window_is_respected_and_given_back(server):
    """With a 1 KiB window the server sends each snapshot page (far larger) alone, after the client's WINDOW_UPDATE
    gave the previous one back."""
    async with polestage.connect(server.url, token=server.tokens["school"], initial_window_size=1024) as client:
        sent = recording(client.connection)
        pages = []
        stream = client.offers.subscribe(snapshot=True)
        async with stream:

            async def read():
                async for event in stream:
                    if event.WhichOneof("event") == "snapshot":
                        pages.append(event.snapshot)
                    if event.WhichOneof("event") == "live":
                        return

            await asyncio.wait_for(read(), WAIT)
        assert len(pages) >= 2 and pages[-1].last
        assert sum(len(page.offers) for page in pages) > 20
        increments = [frame.body for frame in sent if frame.type == FrameType.WINDOW_UPDATE]
        assert len(increments) >= len(pages) and all(0 < increment for increment in increments)


@run
async def test_a_large_request_goes_as_a_message_not_inline(server):
    async with polestage.connect(server.url, token=server.tokens["school"]) as client:
        sent = recording(client.connection)
        with pytest.raises(RpcError) as raised:
            await client.offers.search_offers(text="x" * 20_000)
        assert raised.value.code == StatusCode.INVALID_ARGUMENT
        (opened,) = [frame for frame in sent if frame.type == FrameType.OPEN]
        assert not opened.body.HasField("request_message")
        (message,) = [frame for frame in sent if frame.type == FrameType.MESSAGE]
        assert message.end_stream and len(message.body) > 20_000


@run
async def test_calls_beyond_the_servers_stream_limit_wait_their_turn(binary, tmp_path):
    limited = Server(binary, tmp_path, options=["--max-concurrent-streams", "4"])
    try:
        async with polestage.connect(limited.url, token=limited.tokens["school"]) as client:
            assert client.connection.peer_max_concurrent_streams == 4
            results = await asyncio.gather(*(client.offers.search_offers(page_size=5) for _ in range(30)))
            assert all(len(result.offers) == 5 for result in results)
    finally:
        assert limited.stop() == 0


@run
async def test_metadata_names_the_basin_of_a_coordinator(server):
    """A coordinator's token spans the académie: the basin travels as `polestage-basin` metadata, per call or for the
    whole client; `-bin` keys carry bytes."""
    async with polestage.connect(server.url, token=server.tokens["coordinator"]) as client:
        with pytest.raises(RpcError) as raised:
            await client.offers.search_offers(page_size=5)
        assert (raised.value.code, raised.value.message) == (
            StatusCode.INVALID_ARGUMENT,
            "this call works in one basin: name it with the 'polestage-basin' metadata key",
        )
        found = await client.offers.search_offers(
            page_size=5, metadata={"polestage-basin": "chalon-tournus-louhans", "x-trace-bin": b"\x00\xff"}
        )
        assert len(found.offers) == 5
        with pytest.raises(RpcError) as raised:
            await client.offers.search_offers(metadata=[("polestage-basin", "nowhere")])
        assert (raised.value.code, raised.value.message) == (StatusCode.NOT_FOUND, "bassin nowhere : introuvable")
    async with polestage.connect(server.url, token=server.tokens["coordinator"], basin="chalon-tournus-louhans") as client:
        presence = await client.offers.get_presence()
        assert presence.basin == "chalon-tournus-louhans" and presence.head.epoch > 0


@run
async def test_after_goaway_and_a_restart_the_next_call_opens_a_new_connection(binary, tmp_path):
    first = Server(binary, tmp_path)
    servers = [first]
    try:
        async with polestage.connect(first.url, token=first.tokens["school"]) as client:
            assert (await client.health.check()).status == health_pb2.HealthCheckResponse.SERVING
            old = client.connection
            assert await asyncio.to_thread(first.stop) == 0
            await asyncio.wait_for(old.closed.wait(), WAIT)
            assert old.goaway is not None and old.goaway.code == StatusCode.UNAVAILABLE
            with pytest.raises(RpcError) as raised:
                await client.health.check()
            assert raised.value.code == StatusCode.UNAVAILABLE and raised.value.message.startswith("cannot reach")
            servers.append(await asyncio.to_thread(Server, binary, tmp_path, port=first.port, demo=False))
            assert (await client.health.check()).status == health_pb2.HealthCheckResponse.SERVING
            assert client.connection is not old
    finally:
        for server in servers:
            assert server.stop() == 0


@run
async def test_a_drop_in_the_middle_of_a_snapshot_resumes_with_the_whole_snapshot(server):
    async def snapshot_ids(subscription) -> set:
        ids, last = set(), False

        async def take():
            nonlocal last
            async for event in subscription:
                kind = event.WhichOneof("event")
                if kind == "snapshot":
                    ids.update(offer.id for offer in event.snapshot.offers)
                    last = last or event.snapshot.last
                elif kind == "live":
                    return

        await asyncio.wait_for(take(), WAIT)
        assert last, "the snapshot's last page never came"
        return ids

    async with polestage.connect(server.url, token=server.tokens["school"]) as reference:
        async with reference.subscribe(snapshot=True) as subscription:
            expected = await snapshot_ids(subscription)
    # A 1 KiB window: the server sends one page at a time, each after the previous one was acknowledged.
    async with polestage.connect(server.url, token=server.tokens["school"], initial_window_size=1024) as client:
        async with client.subscribe(snapshot=True, backoff=lambda attempt: 0.01) as subscription:
            first = await asyncio.wait_for(subscription.__anext__(), WAIT)
            assert first.WhichOneof("event") == "snapshot" and not first.snapshot.last
            # Cut at once, before the writer task sends this page's WINDOW_UPDATE.
            client.connection.websocket.transport.abort()
            rest = await snapshot_ids(subscription)
            assert subscription.reconnects >= 1
        assert {offer.id for offer in first.snapshot.offers} | rest == expected
        assert len(expected) > len(first.snapshot.offers)
