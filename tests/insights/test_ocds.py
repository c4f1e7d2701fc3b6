"""OCDS publication and import: schema validity, paging, bad query strings, round trip, rejected releases."""

import json

import pytest

from insights import views
from insights.models import ImportedRelease
from insights.ocds import schema
from insights.ocds.importer import import_ocds
from opportunities.factories import LotFactory, OpportunityPageFactory
from opportunities.models import Award, OpportunityPage, Stage
from tests.insights.conftest import moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def validators():
    folder = schema.schema_dir()
    release, release_package, record_package = schema.validators(str(folder))
    return {"release": release, "release_package": release_package, "record_package": record_package}


@pytest.fixture
def notices(awards_fixture, organisation):
    pipeline = OpportunityPageFactory(
        parent=organisation,
        title="New library",
        reference="NBC-9",
        stage=Stage.PIPELINE,
        published_date=moment(2025, 6, 1),
    )
    LotFactory(opportunity=pipeline, number=1, title="Building")
    cancelled = OpportunityPageFactory(
        parent=organisation,
        title="Catering",
        reference="NBC-8",
        stage=Stage.CANCELLED,
        published_date=moment(2025, 4, 1),
    )
    LotFactory(opportunity=cancelled, number=1, title="Meals")
    return {**awards_fixture, "pipeline": pipeline, "cancelled": cancelled}


def all_releases(client):
    response = client.get("/api/ocds/releases/all.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def follow_next_links(client, validators):
    """Every release id the paged API gives, following its 'next' links; and how many pages that took."""
    seen, url, pages = [], "/api/ocds/releases/", 0
    while url:
        package = client.get(url).json()
        assert_valid(validators["release_package"], package)
        seen.extend(release["id"] for release in package["releases"])
        url = package.get("links", {}).get("next", "").replace("http://testserver", "")
        pages += 1
    return seen, pages


def assert_valid(validator, data):
    problems = schema.errors(validator, data, limit=20)
    assert problems == [], problems


def test_release_package_is_valid_and_has_a_release_per_notice_event(client, notices, validators):
    package = client.get("/api/ocds/releases/").json()
    assert_valid(validators["release_package"], package)
    by_id = {release["id"]: release for release in package["releases"]}
    a1 = f"ocds-xxxxxx-{notices['a1'].pk}"
    assert {f"{a1}-tender", f"{a1}-award-2025-02-10", f"{a1}-award-2025-05-01", f"{a1}-award-2025-05-20"} <= set(by_id)
    assert by_id[f"ocds-xxxxxx-{notices['pipeline'].pk}-planning"]["tag"] == ["planning"]
    cancellation = by_id[f"ocds-xxxxxx-{notices['cancelled'].pk}-cancellation"]
    assert cancellation["tag"] == ["tenderCancellation"]
    assert cancellation["tender"]["status"] == "cancelled"
    award = by_id[f"{a1}-award-2025-05-20"]["awards"][0]
    assert award["value"] == {"amount": 30000.0, "currency": "GBP"}
    assert award["relatedLots"] == ["2"]
    assert [lot["id"] for lot in by_id[f"{a1}-tender"]["tender"]["lots"]] == ["1", "2"]
    # The draft opportunity is not published, so it has no releases.
    assert not any(r["ocid"] == f"ocds-xxxxxx-{notices['draft'].pk}" for r in package["releases"])


def test_ocid_prefix_is_configurable(client, notices, settings):
    settings.OCDS_PREFIX = "ocds-abc123"
    package = client.get("/api/ocds/releases/").json()
    assert all(release["ocid"].startswith("ocds-abc123-") for release in package["releases"])


def test_record_package_is_valid_and_compiles_the_latest_state(client, notices, validators):
    ocid = f"ocds-xxxxxx-{notices['a1'].pk}"
    response = client.get(f"/api/ocds/records/{ocid}/")
    assert response.status_code == 200
    package = response.json()
    assert_valid(validators["record_package"], package)
    record = package["records"][0]
    assert [release["tag"] for release in record["releases"]] == [["tender"], ["award"], ["award"], ["award"]]
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"
    assert sorted(award["id"] for award in compiled["awards"]) == ["1-1", "1-2", "2-1"]


def test_unknown_record_is_a_404_with_a_message(client, notices):
    response = client.get("/api/ocds/records/ocds-xxxxxx-999999/")
    assert response.status_code == 404
    assert "no contracting process" in response.json()["error"]


def test_date_range_filters_releases(client, notices):
    package = client.get("/api/ocds/releases/", {"from": "2025-05-01", "to": "2025-05-31"}).json()
    assert sorted(release["date"][:10] for release in package["releases"]) == ["2025-05-01", "2025-05-20"]


def test_the_widest_dates_mean_no_limit(client, notices):
    everything = client.get("/api/ocds/releases/").json()["releases"]
    widest = client.get("/api/ocds/releases/", {"from": "0001-01-01", "to": "9999-12-31"})
    assert widest.status_code == 200
    assert widest.json()["releases"] == everything


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cursor": "not-a-cursor"}, "not one we gave out"),
        ({"from": "2025-13-01"}, "YYYY-MM-DD"),
        ({"from": "2025-06-01", "to": "2025-01-01"}, "on or before"),
    ],
)
def test_bad_query_strings_are_400s_with_a_message(client, notices, params, message):
    response = client.get("/api/ocds/releases/", params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_cursor_paging_returns_every_release_once(client, notices, monkeypatch, validators):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    seen, pages = follow_next_links(client, validators)
    assert pages == 3  # five contracting processes, two a page
    assert sorted(seen) == sorted(release["id"] for release in all_releases(client)["releases"])


def test_bulk_download_is_a_valid_package(client, notices, validators):
    package = all_releases(client)
    assert_valid(validators["release_package"], package)
    assert len(package["releases"]) == 11  # a1: tender + 3 award dates; a3: 1; b1: tender + 2; pipeline 1; cancelled 2


def delete_all_opportunities():
    for page in OpportunityPage.objects.all():
        page.delete()


def test_round_trip_gives_the_same_releases(client, notices, tmp_path, validators):
    before = all_releases(client)
    (tmp_path / "export.json").write_text(json.dumps(before))
    delete_all_opportunities()
    assert not Award.objects.exists()

    report = import_ocds(tmp_path / "export.json", progress=lambda message: None)
    assert report.rejected == []
    assert report.imported == len(before["releases"])
    after = all_releases(client)
    key = lambda release: release["id"]  # noqa: E731
    assert sorted(after["releases"], key=key) == sorted(before["releases"], key=key)


def test_import_is_idempotent(client, notices, tmp_path, validators):
    (tmp_path / "export.json").write_text(json.dumps(all_releases(client)))
    delete_all_opportunities()
    import_ocds(tmp_path / "export.json", progress=lambda message: None)
    counts = (OpportunityPage.objects.count(), Award.objects.count(), ImportedRelease.objects.count())
    report = import_ocds(tmp_path / "export.json", progress=lambda message: None)
    assert (report.imported, report.already_imported) == (0, 11)
    assert (OpportunityPage.objects.count(), Award.objects.count(), ImportedRelease.objects.count()) == counts


def test_an_import_refreshes_the_summary_once_and_each_opportunity_once(
    client, notices, tmp_path, validators, monkeypatch, django_capture_on_commit_callbacks
):
    """Eleven releases touch four opportunities of one buyer: one summary refresh, four finder refreshes
    (counted by wrapping the real functions, which still run)."""
    from finder import indexing
    from finder.models import LotEntry
    from insights import summary
    from insights.figures import awards, totals

    expected = totals(awards(), set())
    (tmp_path / "export.json").write_text(json.dumps(all_releases(client)))
    delete_all_opportunities()
    calls = {"summary": 0, "finder": []}

    def count_summary(real=summary.refresh_stale):
        calls["summary"] += 1
        return real()

    def count_finder(opportunity_id, real=indexing.index_opportunity):
        calls["finder"].append(opportunity_id)
        return real(opportunity_id)

    monkeypatch.setattr(summary, "refresh_stale", count_summary)
    monkeypatch.setattr(indexing, "index_opportunity", count_finder)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_ocds(tmp_path / "export.json", progress=lambda message: None)

    assert report.imported == 11
    assert calls["summary"] == 1
    assert not summary.StaleSummary.objects.exists()  # that one refresh took every mark
    imported = set(OpportunityPage.objects.live().values_list("pk", flat=True))
    assert sorted(calls["finder"]) == sorted(set(calls["finder"])) and set(calls["finder"]) == imported
    assert set(LotEntry.objects.values_list("opportunity_id", flat=True)) == imported
    total = totals(awards(), set())
    assert (total.value, total.count) == (expected.value, expected.count)


def release(ocid, release_id, buyer_name, **extra):
    return {
        "ocid": ocid,
        "id": release_id,
        "date": "2025-03-01T10:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": "elsewhere-1", "name": buyer_name},
        "tender": {
            "id": "EXT-1",
            "title": "Road gritting",
            "description": "Gritting roads in winter.",
            "status": "active",
        },
        **extra,
    }


def test_import_reports_bad_releases_and_carries_on(organisation, tmp_path, validators):
    (tmp_path / "broken.json").write_text('{"releases": [')
    good = release("ocds-ext-1", "r1", organisation.title.upper())
    unknown = release("ocds-ext-2", "r2", "Nobody Council")
    invalid = release("ocds-ext-3", "r3", organisation.title, tag=["not-a-tag"])
    half = release(
        "ocds-ext-4",
        "r4",
        organisation.title,
        tag=["award"],
        awards=[{"id": "a", "status": "active", "relatedLots": ["1"], "suppliers": [{"id": "s", "name": "S Ltd"}]}],
    )
    package = {"uri": "x", "publisher": {"name": "x"}, "publishedDate": "2025-03-01T10:00:00Z", "version": "1.1"}
    (tmp_path / "good.json").write_text(json.dumps({**package, "releases": [good, unknown, invalid, half]}))

    messages = []
    report = import_ocds(tmp_path, progress=messages.append)

    assert report.imported == 1
    reasons = {release_id or source.rsplit("/", 1)[-1]: reason for source, release_id, reason in report.rejected}
    assert "not valid JSON" in reasons["broken.json"]
    # A buyer outside the partnership is not an error: its release is skipped and counted.
    assert "r2" not in reasons and report.outside_partnership == {"Nobody Council": 1}
    assert "Schema errors" in reasons["r3"] and "tag" in reasons["r3"]
    assert "needs a value and a date" in reasons["r4"]
    # The half-valid award release left nothing behind: no page, no ocid, no imported-release row.
    assert list(OpportunityPage.objects.values_list("title", flat=True)) == ["Road gritting"]
    assert OpportunityPage.objects.get().buyer == organisation
    assert not ImportedRelease.objects.filter(ocid="ocds-ext-4").exists()
    assert any("releases checked" in message for message in messages)


@pytest.mark.parametrize("amount", [-5, -0.01])
def test_a_release_with_a_negative_amount_is_rejected(organisation, tmp_path, validators, amount):
    tender = {"id": "EXT-1", "title": "Road gritting", "status": "active", "value": {"amount": amount}}
    bad = release("ocds-ext-5", "r5", organisation.title, tender=tender)
    (tmp_path / "bad.json").write_text(json.dumps({"releases": [bad]}))
    report = import_ocds(tmp_path / "bad.json", progress=lambda message: None)
    assert report.imported == 0
    assert [reason for _, _, reason in report.rejected] == [f"'{amount}' is not an amount of money of £0 or more."]
    assert not OpportunityPage.objects.exists()


def test_import_command_prints_progress_and_rejections(organisation, tmp_path, validators):
    from io import StringIO

    from django.core.management import call_command

    euros = release("ocds-ext-8", "r8", organisation.title)
    euros["tender"]["value"] = {"amount": 1000, "currency": "EUR"}
    (tmp_path / "one.json").write_text(json.dumps({"releases": [release("ocds-ext-9", "r9", "Nobody"), euros]}))
    out = StringIO()
    call_command("import_ocds", str(tmp_path / "one.json"), stdout=out)
    assert "Imported 0 releases" in out.getvalue()
    assert "Skipped 1 releases from buyers outside the partnership" in out.getvalue()
    assert "  Nobody: 1" in out.getvalue()
    assert "Rejected 1:" in out.getvalue() and "r8: The tender's value is in EUR, not pounds" in out.getvalue()


def test_release_page_runs_a_fixed_number_of_queries(client, notices, django_assert_max_num_queries):
    # 9: one of them reads the awards' social value commitments.
    with django_assert_max_num_queries(9):
        assert client.get("/api/ocds/releases/").status_code == 200
    for n in range(3):
        opportunity = OpportunityPageFactory(parent=notices["a1"].buyer, reference=f"MORE-{n}", stage=Stage.OPEN)
        LotFactory(opportunity=opportunity, number=1)
    with django_assert_max_num_queries(9):
        assert client.get("/api/ocds/releases/").status_code == 200


def test_a_page_holds_fewer_processes_when_they_have_many_awards(client, notices, monkeypatch, validators):
    from insights.ocds import releases

    monkeypatch.setattr(releases, "AWARDS_PER_BATCH", 2)
    seen, pages = follow_next_links(client, validators)
    # a1 has three awards, over the budget: alone on the first page; the rest have two between them.
    assert pages == 2
    assert sorted(seen) == sorted(release["id"] for release in all_releases(client)["releases"])


def test_bulk_export_loads_awards_in_bounded_batches(client, notices, monkeypatch):
    from insights.ocds import releases

    whole = all_releases(client)
    batches = []
    load = releases.load_lots_and_awards

    def recording_load(opportunities):
        batches.append([opportunity.award_count for opportunity in opportunities])
        return load(opportunities)

    monkeypatch.setattr(releases, "AWARDS_PER_BATCH", 2)
    monkeypatch.setattr(releases, "load_lots_and_awards", recording_load)
    assert all_releases(client)["releases"] == whole["releases"]
    assert batches == [[3], [0, 2, 0, 0]]


def test_bulk_export_lets_go_of_a_batch_once_it_is_written(notices, monkeypatch):
    import gc
    import weakref

    from insights.ocds import releases

    monkeypatch.setattr(releases, "AWARDS_PER_BATCH", 1)
    opportunities = releases.in_batches(releases.published_opportunities().iterator())
    first = weakref.ref(next(opportunities))  # a1, a batch of its own
    assert next(opportunities).award_count == 0  # a3: the second batch, written before b1's is loaded
    gc.collect()
    assert first() is None  # so memory holds one batch, however many opportunities there are
