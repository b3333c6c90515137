"""Many processes recording at once into one store lose no record (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from store_helpers import entry, experiments, record_many

from twin.store import ExperimentStore

PROCESSES = 4
RECORDS_EACH = 25


def test_a_process_pool_recording_at_once_loses_no_record(store_url):
    new_entry = entry(experiments(replications=2), tag="pool")
    with ProcessPoolExecutor(PROCESSES) as pool:
        futures = [pool.submit(record_many, store_url, new_entry, RECORDS_EACH)
                   for _ in range(PROCESSES)]
        ids = [i for future in futures for i in future.result()]
    store = ExperimentStore.open(store_url)
    assert store.count() == PROCESSES * RECORDS_EACH
    assert len(set(ids)) == PROCESSES * RECORDS_EACH
    assert sorted(store.history(tag="pool")["id"]) == sorted(ids)
    # every record is whole: its summary rows all arrived with it
    rows = len(new_entry.summaries["store line"])
    assert {len(store.get(i).summary) for i in ids[:: RECORDS_EACH // 5]} == {rows}
    store.close()
