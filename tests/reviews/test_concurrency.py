"""Concurrent saves on PostgreSQL: first use of a record by two requests at once, and two tallies at once."""

import threading

import pytest
from django.db import connection

from tests.conftest import open_roster, period_opener
from tests.reviews.conftest import fill_cell
from xeploai.reviews import services
from xeploai.reviews.records import MemberReview, UnitReview

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent connections); CI runs it there")


def run_at_once(count: int, target) -> list:
    """Start `count` threads on `target`, released together; returns what each returned or raised."""
    barrier, results = threading.Barrier(count), [None] * count

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as error:  # the test inspects it
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_many_first_visits_at_once_create_one_record_each_and_never_fail(tree, period):
    fill_cell(tree.cell_a, 20)
    opener = period_opener()
    results = run_at_once(8, lambda i: open_roster(period, tree.cell_a, opener))
    assert not [r for r in results if isinstance(r, Exception)]
    assert UnitReview.objects.filter(period=period, unit=tree.cell_a).count() == 1
    assert MemberReview.objects.filter(period=period, unit=tree.cell_a).count() == 21


def test_two_tallies_from_the_same_page_version_one_wins_the_other_is_told(tree, period):
    fill_cell(tree.cell_a, 5)
    reviews = open_roster(period, tree.cell_a)
    meta = {"official_members": 6, "official_present": 6, "ballots_cast": 6, "meeting_date": None}

    def save(i: int):
        votes = {r.pk: {"votes_htxs": 0, "votes_htt": 6 - i, "votes_ht": i, "votes_kht": 0} for r in reviews}
        return services.save_tally(period=period, unit=tree.cell_a, meta=meta, votes=votes, version=0,
                                   user=tree.secretary_a)

    results = run_at_once(2, save)
    stale = [r for r in results if isinstance(r, services.StaleData)]
    assert len(stale) == 1 and len([r for r in results if isinstance(r, dict)]) == 1
    assert UnitReview.objects.get(period=period, unit=tree.cell_a).version == 1
